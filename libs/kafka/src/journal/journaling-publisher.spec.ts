import { silentKafkaLogger } from '../kafka-logger';
import { aWidgetChanged, widgetChangedEvent } from '../test-fixtures/test-events';
import { typedPublisher } from '../typed-publisher';
import { JournalingPublisher, type JournalingPublisherOptions } from './journaling-publisher';
import {
  RecordingLogger,
  SwitchableKafka,
  eventually,
  ids,
  tempJournalDir,
} from './test-support/journal-test-kit';

const def = widgetChangedEvent('gatehouse.test.usage.v1');

describe('JournalingPublisher', () => {
  let dir: ReturnType<typeof tempJournalDir>;
  let kafka: SwitchableKafka;
  const open: JournalingPublisher[] = [];
  const start = async (overrides: Partial<JournalingPublisherOptions> = {}) => {
    const publisher = await JournalingPublisher.open({
      sender: kafka,
      logger: silentKafkaLogger,
      journal: { directory: dir.path, syncIntervalMs: 5 },
      batching: { lingerMs: 1, maxBatchSize: 10 },
      replay: { batchSize: 7, initialDelayMs: 5, maxDelayMs: 20, idleCheckMs: 10 },
      ...overrides,
    });
    open.push(publisher);
    return publisher;
  };
  const publishMany = (publisher: JournalingPublisher, prefix: string, count: number) => {
    const usage = typedPublisher(publisher, def);
    for (let i = 0; i < count; i += 1) usage.publish(aWidgetChanged({ id: `${prefix}${i}` }));
  };
  const expected = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${i}`);

  beforeEach(() => {
    dir = tempJournalDir();
    kafka = new SwitchableKafka();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((publisher) => publisher.close()));
    dir.remove();
  });

  it('publishes straight to Kafka while it answers, journaling nothing', async () => {
    const publisher = await start();
    publishMany(publisher, 'ok', 25);
    await publisher.flush();

    expect(ids(kafka.delivered)).toEqual(expected('ok', 25));
    expect(publisher.stats()).toMatchObject({ mode: 'direct', journaled: 0, dropped: 0 });
  });

  it('journals during an outage and replays every event once, in order, when Kafka returns', async () => {
    const logger = new RecordingLogger();
    const publisher = await start({ logger });
    kafka.down = true;
    publishMany(publisher, 'e', 40);
    await eventually(() => publisher.mode === 'journal', 'switch to journal mode');
    publishMany(publisher, 'f', 30);
    await publisher.flush();
    expect(publisher.stats().journaled).toBe(70);
    expect(kafka.delivered).toHaveLength(0);

    kafka.down = false;
    await eventually(() => publisher.mode === 'direct', 'journal drained');
    publishMany(publisher, 'g', 5);
    await publisher.flush();

    expect(ids(kafka.delivered)).toEqual([
      ...expected('e', 40),
      ...expected('f', 30),
      ...expected('g', 5),
    ]);
    expect(publisher.stats()).toMatchObject({ replayed: 70, dropped: 0, pendingBytes: 0 });
    expect(logger.messages('warn')).toContain(
      'kafka unavailable: usage events go to the disk journal until it is replayed',
    );
  });

  it('sends records encoded elsewhere as given, through the journal during an outage too', async () => {
    const publisher = await start();
    const record = (id: string) => ({
      topic: def.topic,
      key: `key-${id}`,
      value: `{"id":"${id}","encodedBy":"another thread"}`,
      headers: { 'event-id': id },
    });
    publisher.publishRecord(record('r0'));
    await publisher.flush();
    kafka.down = true;
    publisher.publishRecord(record('r1'));
    await eventually(() => publisher.mode === 'journal', 'switch to journal mode');
    publisher.publishRecord(record('r2'));
    await publisher.flush();
    kafka.down = false;
    await eventually(() => publisher.mode === 'direct', 'journal drained');

    expect(kafka.delivered).toEqual([record('r0'), record('r1'), record('r2')]);
    await publisher.close();
    expect(() => publisher.publishRecord(record('r3'))).toThrow(/closed/);
  });

  it('loses nothing across a shutdown during the outage: the next instance replays the journal', async () => {
    const first = await start();
    kafka.down = true;
    publishMany(first, 'a', 23);
    await first.close();
    expect(kafka.delivered).toHaveLength(0);
    expect(first.stats()).toMatchObject({ journaled: 23, dropped: 0, buffered: 0 });

    kafka.down = false;
    const second = await start();
    expect(second.mode).toBe('journal');
    publishMany(second, 'b', 4);
    await eventually(() => second.mode === 'direct', 'journal drained by the new instance');
    await second.flush();

    expect(ids(kafka.delivered)).toEqual([...expected('a', 23), ...expected('b', 4)]);
  });

  it('settles without waiting for the linger: sent to Kafka while it answers, else written to the journal', async () => {
    const publisher = await start({ batching: { lingerMs: 60_000, maxBatchSize: 1_000 } });
    publishMany(publisher, 's', 6);
    await publisher.settle();
    expect(ids(kafka.delivered)).toEqual(expected('s', 6));

    kafka.down = true;
    publishMany(publisher, 't', 4);
    await publisher.settle();
    expect(publisher.stats()).toMatchObject({ mode: 'journal', journaled: 4, memoryRecords: 0 });
    expect(publisher.stats().pendingBytes).toBeGreaterThan(0);
  });

  it('keeps validating at the call site and refuses events after close', async () => {
    const publisher = await start();
    expect(() => publisher.publish(def, aWidgetChanged({ size: -1 }))).toThrow(/does not match/);
    await publisher.close();
    expect(() => publisher.publish(def, aWidgetChanged())).toThrow(/closed/);
  });

  it('reports degraded health when the journal cannot take events', async () => {
    const publisher = await start({
      journal: { directory: dir.path, maxTotalBytes: 10, writeRetryMs: 60_000 },
    });
    expect(publisher.health().ok).toBe(true);
    kafka.down = true;
    publishMany(publisher, 'h', 3);
    await publisher.flush();

    const health = publisher.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(
      /mode journal, 0 bytes pending, 3 in memory, 0 dropped; journal-full/,
    );
  });
});
