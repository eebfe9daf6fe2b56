import { createClickHouseClient, type ClickHouseConnection } from '@gatehouse/clickhouse';
import { releaseVersion } from '@gatehouse/config';
import { bootstrapService, clickhouseCheck, kafkaClusterCheck } from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { auditConfigSchema } from './config';
import { requestsPipeline } from './requests/requests-pipeline';

void bootstrapService({
  name: 'audit',
  version: releaseVersion(),
  configSchema: auditConfigSchema,
  module: ({ config, logger, addReadinessCheck, onShutdown }) => {
    const connection: ClickHouseConnection = {
      url: config.CLICKHOUSE_URL,
      database: config.CLICKHOUSE_DATABASE,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
    };
    // Shutdown hooks run in registration order: drain the consumer before closing clients.
    const pipeline = requestsPipeline({
      brokers: config.KAFKA_BROKERS,
      clickhouse: connection,
      logger,
      topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: config.KAFKA_REPLICATION_FACTOR,
    });
    onShutdown('stop requests ingestion', () => pipeline.stop());

    addReadinessCheck(
      kafkaClusterCheck({
        brokers: config.KAFKA_BROKERS,
        clientId: 'gatehouse-audit-readiness',
        logger: logger.child({ component: 'kafka' }),
      }),
    );
    const probeClient = createClickHouseClient({ ...connection, requestTimeoutMs: 5_000 });
    addReadinessCheck(clickhouseCheck(probeClient));
    onShutdown('close clickhouse probe client', () => probeClient.close());
    addReadinessCheck(pipeline);

    pipeline.begin();
    return AppModule.register(config);
  },
});
