import { releaseVersion } from '@gatehouse/config';
import { bootstrapService, kafkaClusterCheck, postgresCheck } from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { budgetConfigSchema } from './config';

void bootstrapService({
  name: 'budget',
  version: releaseVersion(),
  configSchema: budgetConfigSchema,
  module: ({ config, logger, addReadinessCheck }) => {
    addReadinessCheck(
      kafkaClusterCheck({ brokers: config.KAFKA_BROKERS, clientId: 'gatehouse-budget-readiness', logger: logger.child({ component: 'kafka' }) }),
    );
    addReadinessCheck(postgresCheck(config.DATABASE_URL));
    return AppModule.register(config);
  },
});
