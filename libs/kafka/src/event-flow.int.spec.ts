import {
  collectMessages,
  createTestKafka,
  deleteTestTopics,
  kafkaBrokersForTests,
  uniqueTopicSuffix,
  waitFor,
} from '@gatehouse/testing';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Admin, Producer } from 'kafkajs';
import { DeadLetterReason } from './dead-letter';
import { ensureTopics } from './ensure-topics';
import {
  batchSubscription,
  runConsumer,
  subscription,
  type EventConsumer,
  type MessageMetadata,
} from './event-consumer';
import { EventProducer } from './event-producer';
import { KafkaClientFactory } from './kafka-client-factory';
import { silentKafkaLogger } from './kafka-logger';
import { FAST_CONSUMER_TIMINGS } from './test-fixtures/int-timings';
import {
  aWidgetChanged,
  widgetChangedEvent,
  type WidgetChangedV1,
} from './test-fixtures/test-events';

const suffix = uniqueTopicSuffix();
const flowDef = widgetChangedEvent(`gatehouse.test.flow.${suffix}`);
const dlqDef = widgetChangedEvent(`gatehouse.test.poison.${suffix}`);
const retryDef = widgetChangedEvent(`gatehouse.test.retry.${suffix}`);
const batchDef = widgetChangedEvent(`gatehouse.test.batch.${suffix}`);
const allDefs = [flowDef, dlqDef, retryDef, batchDef];

/** Every test builds its own clients from this, like separate services would. */
const newClient = (name: string) =>
  new KafkaClientFactory(
    { brokers: kafkaBrokersForTests(), clientId: `${name}-${suffix}` },
    silentKafkaLogger,
  ).client;

describe('event flow through the real broker', () => {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  let admin: Admin;
  let producer: EventProducer;
  let rawProducer: Producer;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    // Registers the async-hooks context manager and the W3C propagator, as the services do.
    tracerProvider.register();
    admin = newClient('admin').admin();
    await admin.connect();
    await ensureTopics(admin, allDefs, {
      partitions: 1,
      replicationFactor: 1,
      logger: silentKafkaLogger,
    });
    producer = new EventProducer({ kafka: newClient('producer'), logger: silentKafkaLogger });
    await producer.connect();
    rawProducer = createTestKafka().producer({ allowAutoTopicCreation: false });
    await rawProducer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await producer?.disconnect();
    await rawProducer?.disconnect();
    await admin?.disconnect();
    await deleteTestTopics(allDefs.flatMap((d) => [d.topic, `${d.topic}.dlq`]));
    await tracerProvider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const committedOffset = async (groupId: string, topic: string): Promise<string | undefined> => {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return result?.partitions[0]?.offset;
  };

  it('delivers a typed event to another group on a fresh client, with the producer trace context', async () => {
    const received: {
      event: WidgetChangedV1;
      meta: MessageMetadata;
      activeTraceId: string | undefined;
    }[] = [];
    const groupId = `flow-${suffix}`;
    consumers.push(
      await runConsumer({
        kafka: newClient('flow-consumer'),
        groupId,
        logger: silentKafkaLogger,
        timings: FAST_CONSUMER_TIMINGS,
        subscriptions: [
          subscription(flowDef, async (event, meta) => {
            received.push({
              event,
              meta,
              activeTraceId: trace.getActiveSpan()?.spanContext().traceId,
            });
          }),
        ],
      }),
    );

    const sent = aWidgetChanged({ id: `flow-evt-${suffix}`, widgetId: 'w-flow', size: 7 });
    const producerTraceId = await trace
      .getTracer('int-test')
      .startActiveSpan('publish widget', async (span) => {
        await producer.publish(flowDef, sent);
        span.end();
        return span.spanContext().traceId;
      });

    await waitFor(() => received.length >= 1, 30_000);
    const [first] = received;
    expect(first?.event).toEqual(sent);
    expect(first?.event.size).toBe(7);
    expect(first?.meta).toMatchObject({
      topic: flowDef.topic,
      partition: 0,
      offset: '0',
      key: 'w-flow',
      attempt: 1,
    });
    expect(first?.meta.headers).toMatchObject({
      'event-type': 'test.widget-changed',
      'event-version': '1',
      'event-id': sent.id,
      'content-type': 'application/json',
    });
    expect(first?.meta.headers.traceparent).toContain(producerTraceId);
    expect(first?.activeTraceId).toBe(producerTraceId);
    const processSpan = spans.getFinishedSpans().find((s) => s.name === `process ${flowDef.topic}`);
    expect(processSpan?.spanContext().traceId).toBe(producerTraceId);
    await waitFor(async () => (await committedOffset(groupId, flowDef.topic)) === '1', 5_000);
  });

  it('dead-letters bad JSON and schema violations with the reason and keeps consuming', async () => {
    const processed: WidgetChangedV1[] = [];
    const groupId = `poison-${suffix}`;
    await rawProducer.send({
      topic: dlqDef.topic,
      messages: [
        { key: 'k-bad-json', value: '{this is not json', headers: { 'event-version': '1' } },
        { key: 'k-bad-schema', value: JSON.stringify({ ...aWidgetChanged(), size: 'huge' }) },
      ],
    });
    const valid = aWidgetChanged({ widgetId: 'after-poison' });
    await producer.publish(dlqDef, valid);

    consumers.push(
      await runConsumer({
        kafka: newClient('poison-consumer'),
        groupId,
        logger: silentKafkaLogger,
        timings: FAST_CONSUMER_TIMINGS,
        subscriptions: [subscription(dlqDef, async (event) => void processed.push(event))],
      }),
    );

    await waitFor(() => processed.length >= 1, 30_000);
    expect(processed).toEqual([valid]);
    const dead = await collectMessages(`${dlqDef.topic}.dlq`, { count: 2, timeoutMs: 20_000 });
    const byKey = new Map(dead.map((m) => [m.key, m]));
    expect(byKey.get('k-bad-json')?.value).toBe('{this is not json');
    expect(byKey.get('k-bad-json')?.headers).toMatchObject({
      'dlq-reason': DeadLetterReason.INVALID_JSON,
      'dlq-original-topic': dlqDef.topic,
      'dlq-original-partition': '0',
      'dlq-original-offset': '0',
      'dlq-consumer-group': groupId,
      'event-version': '1',
    });
    expect(byKey.get('k-bad-schema')?.headers).toMatchObject({
      'dlq-reason': DeadLetterReason.SCHEMA_VIOLATION,
      'dlq-original-offset': '1',
    });
    expect(byKey.get('k-bad-schema')?.headers['dlq-error']).toContain('size:');
    expect(
      Number.isNaN(Date.parse(byKey.get('k-bad-schema')?.headers['dlq-timestamp'] ?? '')),
    ).toBe(false);
    await waitFor(async () => (await committedOffset(groupId, dlqDef.topic)) === '3', 5_000);
  });

  it('retries a failing handler with backoff, processes the message once, and dead-letters one that keeps failing', async () => {
    const attempts = new Map<string, number[]>();
    const effects: string[] = [];
    const groupId = `retry-${suffix}`;
    const flaky = aWidgetChanged({ widgetId: 'flaky' });
    const broken = aWidgetChanged({ widgetId: 'broken' });
    await producer.publishBatch(retryDef, [flaky, broken]);

    consumers.push(
      await runConsumer({
        kafka: newClient('retry-consumer'),
        groupId,
        logger: silentKafkaLogger,
        timings: FAST_CONSUMER_TIMINGS,
        retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 200, jitter: 0 },
        subscriptions: [
          subscription(retryDef, async (event, meta) => {
            attempts.set(event.widgetId, [...(attempts.get(event.widgetId) ?? []), meta.attempt]);
            if (event.widgetId === 'broken') throw new Error('downstream rejected the widget');
            if (meta.attempt < 3) throw new Error(`transient failure ${meta.attempt}`);
            effects.push(event.id);
          }),
        ],
      }),
    );

    const dead = await collectMessages(`${retryDef.topic}.dlq`, { count: 1, timeoutMs: 30_000 });
    expect(attempts.get('flaky')).toEqual([1, 2, 3]);
    expect(effects).toEqual([flaky.id]);
    expect(attempts.get('broken')).toEqual([1, 2, 3]);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.key).toBe('broken');
    expect(dead[0]?.headers).toMatchObject({
      'dlq-reason': DeadLetterReason.HANDLER_FAILED,
      'dlq-original-offset': '1',
      'event-id': broken.id,
    });
    expect(dead[0]?.headers['dlq-error']).toContain('downstream rejected the widget');
    await waitFor(async () => (await committedOffset(groupId, retryDef.topic)) === '2', 5_000);
  });

  it('hands a batch subscription every valid event at once, retries the batch, dead-letters the invalid ones, then commits', async () => {
    const calls: { ids: string[]; attempt: number }[] = [];
    const groupId = `batch-${suffix}`;
    const events = [1, 2, 3].map((n) =>
      aWidgetChanged({ id: `batch-${n}-${suffix}`, widgetId: 'w-batch' }),
    );
    await producer.publish(batchDef, events[0]);
    await rawProducer.send({
      topic: batchDef.topic,
      messages: [{ key: 'w-batch', value: '{"half":' }],
    });
    await producer.publishBatch(batchDef, events.slice(1));

    consumers.push(
      await runConsumer({
        kafka: newClient('batch-consumer'),
        groupId,
        logger: silentKafkaLogger,
        timings: FAST_CONSUMER_TIMINGS,
        retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 100, jitter: 0 },
        subscriptions: [
          batchSubscription(batchDef, async (items) => {
            const attempt = items[0]?.meta.attempt ?? 0;
            calls.push({ ids: items.map((item) => item.event.id), attempt });
            if (attempt === 1) throw new Error('sink unavailable');
          }),
        ],
      }),
    );

    await waitFor(async () => (await committedOffset(groupId, batchDef.topic)) === '4', 30_000);
    const delivered = calls.flatMap((call) => (call.attempt > 1 ? call.ids : []));
    expect(delivered).toEqual(events.map((e) => e.id));
    expect(calls[0]?.attempt).toBe(1);
    const dead = await collectMessages(`${batchDef.topic}.dlq`, { count: 1, timeoutMs: 20_000 });
    expect(dead[0]?.headers).toMatchObject({
      'dlq-reason': DeadLetterReason.INVALID_JSON,
      'dlq-original-offset': '1',
    });
  });
});
