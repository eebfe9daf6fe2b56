import { createClickHouseClient, type ClickHouseConnection } from '@gatehouse/clickhouse';
import { RequestCompletedV1Definition } from '@gatehouse/contracts';
import { ensureTopics, KafkaClientFactory, type KafkaLogger } from '@gatehouse/kafka';
import type { Logger } from '@gatehouse/observability';
import { migrateAuditSchema } from '../clickhouse/audit-schema';
import { BackgroundStart } from '@gatehouse/service-kit';
import { RequestsIngestion } from './requests-ingestion';
import { ClickHouseRequestsSink } from './requests-sink';

export interface RequestsPipelineOptions {
  brokers: string[];
  clickhouse: ClickHouseConnection;
  logger: Logger;
  topicPartitions: number;
  topicReplicationFactor: number;
}

/**
 * The usage → ClickHouse pipeline of the audit service: migrate the schema, make sure the usage
 * topic exists, then consume. Runs in the background (see BackgroundStart) and reports its state
 * as the `requests-ingestion` readiness check.
 */
export function requestsPipeline(options: RequestsPipelineOptions): BackgroundStart {
  const kafkaLogger: KafkaLogger = options.logger.child({ component: 'kafka' });
  const kafka = new KafkaClientFactory(
    { brokers: options.brokers, clientId: 'gatehouse-audit' },
    kafkaLogger,
  ).client;
  const clickhouse = createClickHouseClient(options.clickhouse);
  const ingestion = new RequestsIngestion({
    kafka,
    sink: new ClickHouseRequestsSink(clickhouse),
    logger: kafkaLogger,
  });

  return new BackgroundStart({
    name: 'requests-ingestion',
    logger: options.logger,
    start: async () => {
      await migrateAuditSchema(options.clickhouse);
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [RequestCompletedV1Definition], {
          partitions: options.topicPartitions,
          replicationFactor: options.topicReplicationFactor,
          logger: kafkaLogger,
        });
      } finally {
        await admin.disconnect();
      }
      await ingestion.start();
    },
    stop: async () => {
      await ingestion.stop();
      await clickhouse.close();
    },
  });
}
