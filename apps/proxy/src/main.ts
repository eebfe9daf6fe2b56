import { releaseVersion } from '@gatehouse/config';
import { bootstrapService, kafkaClusterCheck } from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { proxyConfigSchema } from './config';

void bootstrapService({
  name: 'proxy',
  version: releaseVersion(),
  configSchema: proxyConfigSchema,
  module: ({ config, logger, addReadinessCheck }) => {
    addReadinessCheck(
      kafkaClusterCheck({ brokers: config.KAFKA_BROKERS, clientId: 'gatehouse-proxy-readiness', logger: logger.child({ component: 'kafka' }) }),
    );
    return AppModule.register(config);
  },
});
