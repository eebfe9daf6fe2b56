import { createClickHouseClient, sql, type ClickHouseConnection } from '@gatehouse/clickhouse';
import { defineEvent, RequestCompletedV1Definition, sampleEvents } from '@gatehouse/contracts';
import {
  EventProducer,
  ensureTopics,
  KafkaClientFactory,
  silentKafkaLogger,
} from '@gatehouse/kafka';
import {
  collectMessages,
  createTestKafka,
  deleteTestTopics,
  stackEnv,
  uniqueTopicSuffix,
  waitFor,
} from '@gatehouse/testing';
import { migrateAuditSchema } from '../clickhouse/audit-schema';
import { RequestsIngestion } from './requests-ingestion';
import { ClickHouseRequestsSink } from './requests-sink';

const suffix = uniqueTopicSuffix().replace(/[^a-z0-9]/gi, '_');
const usageTopic = defineEvent({
  ...RequestCompletedV1Definition,
  topic: `gatehouse.test.usage.${suffix}`,
});
const fastTimings = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 3_000,
  maxWaitTimeMs: 100,
};

describe('usage events → Kafka → audit ingestion → ClickHouse (real broker and server)', () => {
  const env = stackEnv();
  const connection: ClickHouseConnection = {
    url: env.clickhouse.url,
    database: `gatehouse_it_${suffix}`,
    username: env.clickhouse.username,
    password: env.clickhouse.password,
  };
  const kafka = new KafkaClientFactory(
    { brokers: env.kafkaBrokers, clientId: `audit-it-${suffix}` },
    silentKafkaLogger,
  ).client;
  const clickhouse = createClickHouseClient(connection);
  const producer = new EventProducer({ kafka, logger: silentKafkaLogger });
  let ingestion: RequestsIngestion;

  beforeAll(async () => {
    await migrateAuditSchema(connection);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [usageTopic], {
      partitions: 2,
      replicationFactor: 1,
      logger: silentKafkaLogger,
    });
    await admin.disconnect();
    await producer.connect();
    ingestion = new RequestsIngestion({
      kafka,
      sink: new ClickHouseRequestsSink(clickhouse),
      logger: silentKafkaLogger,
      definition: usageTopic,
      groupId: `audit-it-${suffix}`,
      timings: fastTimings,
    });
    await ingestion.start();
  });

  afterAll(async () => {
    await ingestion?.stop();
    await producer.disconnect();
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${connection.database}` });
    await clickhouse.close();
    await deleteTestTopics([usageTopic.topic, `${usageTopic.topic}.dlq`]);
  });

  const rowsFor = async (requestIds: string[]) => {
    const result = await clickhouse.query({
      query: sql`SELECT request_id, user_id, input_tokens, cost_micro_usd, started_at, ttft_ms FROM requests FINAL WHERE has(${requestIds}, request_id) ORDER BY request_id`,
      format: 'JSONEachRow',
    });
    return result.json<{
      request_id: string;
      user_id: string;
      input_tokens: string;
      cost_micro_usd: string;
      started_at: string;
      ttft_ms: number | null;
    }>();
  };

  it('stores valid events as rows, dead-letters a malformed one with the reason, and keeps going', async () => {
    const before = sampleEvents.usageRequestCompleted({
      id: `req_a_${suffix}`,
      requestId: `req_a_${suffix}`,
      userId: 'usr_it_a',
    });
    const after = sampleEvents.usageRequestCompleted({
      id: `req_b_${suffix}`,
      requestId: `req_b_${suffix}`,
      userId: 'usr_it_a',
      ttftMs: null,
    });
    await producer.publish(usageTopic, before);
    const raw = createTestKafka().producer({ allowAutoTopicCreation: false });
    await raw.connect();
    await raw.send({
      topic: usageTopic.topic,
      messages: [
        {
          key: 'usr_it_a',
          value: JSON.stringify({
            ...before,
            id: 'req_bad',
            requestId: 'req_bad',
            costMicroUsd: -5,
          }),
        },
      ],
    });
    await raw.disconnect();
    await producer.publish(usageTopic, after);

    await waitFor(
      async () => (await rowsFor([before.requestId, after.requestId])).length === 2,
      30_000,
    );
    const rows = await rowsFor([before.requestId, after.requestId, 'req_bad']);
    expect(rows).toEqual([
      {
        request_id: before.requestId,
        user_id: 'usr_it_a',
        input_tokens: String(before.usage.inputTokens),
        cost_micro_usd: String(before.costMicroUsd),
        started_at: before.startedAt.slice(0, 19).replace('T', ' '),
        ttft_ms: before.ttftMs,
      },
      expect.objectContaining({ request_id: after.requestId, ttft_ms: null }),
    ]);
    const dead = await collectMessages(`${usageTopic.topic}.dlq`, { count: 1, timeoutMs: 20_000 });
    expect(dead[0]?.headers).toMatchObject({ 'dlq-reason': 'schema-violation' });
    expect(dead[0]?.headers['dlq-error']).toContain('costMicroUsd');
  });

  it('collapses a redelivered event into one row', async () => {
    const event = sampleEvents.usageRequestCompleted({
      id: `req_dup_${suffix}`,
      requestId: `req_dup_${suffix}`,
    });
    await producer.publish(usageTopic, event);
    await producer.publish(usageTopic, event);

    await waitFor(async () => {
      const result = await clickhouse.query({
        query: sql`SELECT count() AS n FROM requests WHERE request_id = ${event.requestId}`,
        format: 'JSONEachRow',
      });
      return (await result.json<{ n: string }>())[0]?.n === '2';
    }, 30_000);
    expect(await rowsFor([event.requestId])).toHaveLength(1);
  });
});
