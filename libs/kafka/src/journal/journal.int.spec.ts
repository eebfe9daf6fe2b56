import { collectMessages, ThrowawayBroker, waitFor } from '@gatehouse/testing';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopics } from '../ensure-topics';
import { EventProducer } from '../event-producer';
import { KafkaClientFactory } from '../kafka-client-factory';
import { silentKafkaLogger } from '../kafka-logger';
import { aWidgetChanged, widgetChangedEvent } from '../test-fixtures/test-events';
import { typedPublisher } from '../typed-publisher';
import { connectOnSend } from './connect-on-send';
import { JournalingPublisher } from './journaling-publisher';
import { eventually, tempJournalDir } from './test-support/journal-test-kit';

/**
 * A real broker outage: a private broker (not the shared stack broker, which other tests use)
 * is stopped while the publisher keeps publishing, the publisher is restarted mid-outage on the
 * same journal directory, then the broker comes back. Every event must arrive, once per id.
 */
const def = widgetChangedEvent('gatehouse.test.journal.usage.v1');

describe('JournalingPublisher across a real broker outage', () => {
  let broker: ThrowawayBroker | undefined;
  const journalDir = tempJournalDir();
  const publishers: JournalingPublisher[] = [];
  const producers: EventProducer[] = [];

  const startPublisher = async () => {
    const factory = new KafkaClientFactory(
      { brokers: [broker?.address ?? ''], clientId: 'journal-int', connectionTimeoutMs: 1_000 },
      silentKafkaLogger,
    );
    // Three producer retries instead of five keep the outage detection in this test short.
    const producer = factory.createProducer({ retries: 3, ackTimeoutMs: 5_000 });
    producers.push(producer);
    const publisher = await JournalingPublisher.open({
      sender: connectOnSend(producer),
      logger: silentKafkaLogger,
      journal: { directory: journalDir.path },
      replay: { initialDelayMs: 200, maxDelayMs: 1_000 },
    });
    publishers.push(publisher);
    return publisher;
  };

  let published = 0;
  const publishBurst = (publisher: JournalingPublisher, count: number) => {
    const usage = typedPublisher(publisher, def);
    for (let i = 0; i < count; i += 1) {
      published += 1;
      usage.publish(aWidgetChanged({ id: `req-${published}`, widgetId: `user-${published % 17}` }));
    }
  };
  const paced = async (publisher: JournalingPublisher, bursts: number, perBurst: number) => {
    for (let i = 0; i < bursts; i += 1) {
      publishBurst(publisher, perBurst);
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  beforeAll(async () => {
    broker = await ThrowawayBroker.create();
    const admin = new Kafka({ brokers: [broker.address], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // A broker that just started may answer metadata for a new topic before it hosts it.
      await waitFor(
        async () => {
          await ensureTopics(admin, [def], {
            partitions: 3,
            replicationFactor: 1,
            logger: silentKafkaLogger,
          });
          return true;
        },
        15_000,
        200,
      );
    } finally {
      await admin.disconnect();
    }
  }, 40_000);

  afterAll(async () => {
    await Promise.allSettled(publishers.map((publisher) => publisher.close()));
    await Promise.allSettled(producers.map((producer) => producer.disconnect()));
    await broker?.destroy();
    journalDir.remove();
  });

  it('delivers every event published during the outage exactly once per id, across a restart', async () => {
    const first = await startPublisher();
    await paced(first, 5, 40);
    await first.flush();
    expect(first.mode).toBe('direct');
    expect(first.stats().journaled).toBe(0);

    await broker?.stop();
    await paced(first, 10, 150);
    await eventually(
      () => first.mode === 'journal',
      'first publisher switched to the journal',
      15_000,
    );
    await paced(first, 5, 150);
    // SIGTERM during the outage: the buffer goes to the journal, nothing is lost.
    await first.close();
    expect(first.stats()).toMatchObject({ dropped: 0, buffered: 0, memoryRecords: 0 });

    const second = await startPublisher();
    expect(second.mode).toBe('journal');
    await paced(second, 10, 150);
    const beforeRecovery = second.stats();
    expect(beforeRecovery.pendingBytes).toBeGreaterThan(0);

    const recoveryStart = Date.now();
    await broker?.start();
    const brokerUp = Date.now();
    await eventually(() => second.mode === 'direct', 'journal replayed after recovery', 30_000);
    const drained = Date.now();
    await paced(second, 3, 50);
    await second.flush();

    const replayed = second.stats().replayed;
    const totalJournaled = first.stats().journaled + second.stats().journaled;
    const messages = await collectMessages(def.topic, {
      count: published,
      timeoutMs: 20_000,
      kafka: new Kafka({ brokers: [broker?.address ?? ''], logLevel: logLevel.NOTHING }),
    });
    const idsSeen = messages.map((message) => message.headers['event-id']);
    const distinct = new Set(idsSeen);
    const duplicates = idsSeen.length - distinct.size;
    process.stdout.write(
      `[journal.int] published ${published}, on topic ${idsSeen.length}, distinct ${distinct.size}, ` +
        `duplicates ${duplicates}; journaled ${totalJournaled}, replayed ${replayed} in ` +
        `${drained - brokerUp} ms after the broker was up (${Math.round((replayed / Math.max(1, drained - brokerUp)) * 1000)} events/s; ` +
        `broker restart took ${brokerUp - recoveryStart} ms)\n`,
    );

    expect(second.stats().dropped).toBe(0);
    expect(distinct.size).toBe(published);
    expect([...distinct].sort()).toEqual(
      Array.from({ length: published }, (_, i) => `req-${i + 1}`).sort(),
    );
    expect(replayed).toBe(totalJournaled);
    expect(duplicates).toBe(0);
  }, 60_000);
});
