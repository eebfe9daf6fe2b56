import type { OutgoingRecord, RecordSender } from '@gatehouse/kafka';
import { EventProducer, silentKafkaLogger } from '@gatehouse/kafka';
import {
  collectMessages,
  createTestKafka,
  deleteTestTopics,
  uniqueTopicSuffix,
  waitFor,
} from '@gatehouse/testing';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

const FAST_RETRY = { initialDelayMs: 50, multiplier: 2, maxDelayMs: 200, jitter: 0 };

/** Fails the first `failures` sends, then hands records to the real producer. */
class FlakySender implements RecordSender {
  calls = 0;
  constructor(
    private readonly inner: RecordSender,
    private failures: number,
  ) {}

  async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
    this.calls += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('simulated broker outage');
    }
    await this.inner.sendRecords(records);
  }
}

describe('OutboxRelay (real PostgreSQL and Kafka)', () => {
  const kafka = createTestKafka();
  const topics: string[] = [];
  let db: AuthTestDatabase;
  let writer: OutboxWriter;
  let producer: EventProducer;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    writer = new OutboxWriter(db.schema);
    producer = new EventProducer({ kafka, logger: silentKafkaLogger, retries: 2 });
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await db.dataSource.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTestTopics(topics, kafka);
    await db.drop();
  });

  async function newTopic(partitions = 3): Promise<string> {
    const topic = `gatehouse.test.auth-outbox-${uniqueTopicSuffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
    await admin.disconnect();
    topics.push(topic);
    return topic;
  }

  /** `count` events spread over `keys` keys, each payload carrying its per-key sequence number. */
  async function writeEvents(topic: string, count: number, keys: number): Promise<string[]> {
    const ids: string[] = [];
    const records: OutgoingRecord[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = `evt_${uniqueTopicSuffix()}_${i}`;
      ids.push(id);
      records.push({
        topic,
        key: `key-${i % keys}`,
        value: JSON.stringify({ id, seq: i }),
        headers: { 'event-id': id, 'event-type': 'test.outbox' },
      });
    }
    await db.dataSource.transaction((tx) => writer.appendRecords(tx, records));
    return ids;
  }

  function relay(
    sender: RecordSender,
    options: { batchSize?: number; listen?: boolean } = {},
  ): OutboxRelay {
    const created = new OutboxRelay({
      dataSource: db.dataSource,
      sender,
      logger: silentKafkaLogger,
      batchSize: options.batchSize ?? 50,
      pollIntervalMs: options.listen === true ? 5_000 : 20,
      retry: FAST_RETRY,
      listenUrl: options.listen === true ? db.url : undefined,
    });
    relays.push(created);
    return created;
  }

  const unpublished = async (): Promise<number> =>
    Number(
      (await db.dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL'))[0]
        .n,
    );

  function expectPerKeyOrder(messages: { key: string | null; value: string | null }[]): void {
    const lastSeq = new Map<string | null, number>();
    for (const message of messages) {
      const seq = (JSON.parse(message.value ?? '{}') as { seq: number }).seq;
      expect(seq).toBeGreaterThan(lastSeq.get(message.key) ?? -1);
      lastSeq.set(message.key, seq);
    }
  }

  it('publishes rows in order with keys and headers, then marks them published', async () => {
    const topic = await newTopic();
    const ids = await writeEvents(topic, 30, 4);
    const published = await relay(producer).publishPending();
    expect(published).toBe(30);
    expect(await unpublished()).toBe(0);

    const messages = await collectMessages(topic, { count: 30, kafka });
    expect(messages.map((m) => m.headers['event-id']).sort()).toEqual([...ids].sort());
    expect(messages.every((m) => m.key !== null && m.key.startsWith('key-'))).toBe(true);
    expectPerKeyOrder(messages);
  });

  it('keeps rows through Kafka failures and publishes them all, in order, once it recovers', async () => {
    const topic = await newTopic();
    const flaky = new FlakySender(producer, 3);
    const failing = relay(flaky);
    await writeEvents(topic, 20, 2);
    await expect(failing.publishPending()).rejects.toThrow('simulated broker outage');
    expect(await unpublished()).toBe(20);

    await failing.start();
    await waitFor(async () => (await unpublished()) === 0, 15_000);
    expect(flaky.calls).toBeGreaterThanOrEqual(4);
    const messages = await collectMessages(topic, { count: 20, kafka });
    expect(new Set(messages.map((m) => m.headers['event-id'])).size).toBe(20);
    expectPerKeyOrder(messages);
  });

  it('two relays sharing the outbox never publish a row twice and keep per-key order', async () => {
    const topic = await newTopic();
    const ids = await writeEvents(topic, 300, 7);
    const sent: string[] = [];
    const recording = (): RecordSender => ({
      sendRecords: async (records) => {
        await producer.sendRecords(records);
        sent.push(...records.map((r) => r.headers['event-id'] ?? ''));
      },
    });
    const a = relay(recording(), { batchSize: 10 });
    const b = relay(recording(), { batchSize: 10 });
    await Promise.all([a.start(), b.start()]);
    await waitFor(async () => (await unpublished()) === 0, 30_000);

    expect(sent).toHaveLength(300);
    expect(new Set(sent).size).toBe(300);
    const messages = await collectMessages(topic, { count: 300, kafka });
    expect(messages.map((m) => m.headers['event-id']).sort()).toEqual([...ids].sort());
    expectPerKeyOrder(messages);
  });

  it('wakes on NOTIFY instead of waiting for the poll interval, and stops cleanly', async () => {
    const topic = await newTopic(1);
    const listening = relay(producer, { listen: true });
    await listening.start();
    const started = Date.now();
    await writeEvents(topic, 3, 1);
    await waitFor(async () => (await unpublished()) === 0, 4_000);
    expect(Date.now() - started).toBeLessThan(4_000);
    await listening.stop();
    await writeEvents(topic, 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await unpublished()).toBe(1);
  });

  it('prunes published rows older than the retention and keeps unpublished ones', async () => {
    const topic = await newTopic(1);
    await writeEvents(topic, 5, 1);
    const pruner = relay(producer);
    await pruner.publishPending();
    await writeEvents(topic, 2, 1);
    await db.dataSource.query(
      `UPDATE outbox SET published_at = now() - interval '2 days' WHERE published_at IS NOT NULL`,
    );
    expect(await pruner.prunePublished(24 * 3_600_000)).toBe(5);
    expect(await unpublished()).toBe(2);
  });
});
