import { releaseVersion } from '@gatehouse/config';
import { bootstrapService, kafkaClusterCheck, postgresCheck } from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { authConfigSchema } from './config';

void bootstrapService({
  name: 'auth',
  version: releaseVersion(),
  configSchema: authConfigSchema,
  module: ({ config, logger, addReadinessCheck }) => {
    addReadinessCheck(
      kafkaClusterCheck({ brokers: config.KAFKA_BROKERS, clientId: 'gatehouse-auth-readiness', logger: logger.child({ component: 'kafka' }) }),
    );
    addReadinessCheck(postgresCheck(config.DATABASE_URL));
    return AppModule.register(config);
  },
});
