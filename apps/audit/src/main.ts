import { createClickHouseClient } from '@gatehouse/clickhouse';
import { releaseVersion } from '@gatehouse/config';
import { bootstrapService, clickhouseCheck, kafkaClusterCheck } from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { auditConfigSchema } from './config';

void bootstrapService({
  name: 'audit',
  version: releaseVersion(),
  configSchema: auditConfigSchema,
  module: ({ config, logger, addReadinessCheck, onShutdown }) => {
    addReadinessCheck(
      kafkaClusterCheck({ brokers: config.KAFKA_BROKERS, clientId: 'gatehouse-audit-readiness', logger: logger.child({ component: 'kafka' }) }),
    );
    const clickhouse = createClickHouseClient({
      url: config.CLICKHOUSE_URL,
      database: config.CLICKHOUSE_DATABASE,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      requestTimeoutMs: 5_000,
    });
    addReadinessCheck(clickhouseCheck(clickhouse));
    onShutdown('close clickhouse client', () => clickhouse.close());
    return AppModule.register(config);
  },
});
