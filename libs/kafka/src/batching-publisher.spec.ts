import { BatchingPublisher, type FlushTimer } from './batching-publisher';
import type { OutgoingRecord } from './event-encoding';
import type { RecordSender } from './event-producer';
import { KafkaContractError, KafkaError, KafkaErrorCode } from './kafka-error';
import { silentKafkaLogger } from './kafka-logger';
import { aWidgetChanged, widgetChangedEvent } from './test-fixtures/test-events';
import { typedPublisher } from './typed-publisher';

const def = widgetChangedEvent('gatehouse.test.widget-changed.v1');

/** A timer the test fires by hand. */
class ManualTimer implements FlushTimer {
  pending: { callback: () => void; delayMs: number } | undefined;
  schedule(callback: () => void, delayMs: number): () => void {
    const entry = { callback, delayMs };
    this.pending = entry;
    return () => {
      if (this.pending === entry) this.pending = undefined;
    };
  }
  fire(): void {
    const entry = this.pending;
    this.pending = undefined;
    entry?.callback();
  }
}

/** Records every batch; each send waits until the test releases it, to observe concurrency. */
class RecordingSender implements RecordSender {
  readonly batches: string[][] = [];
  inFlight = 0;
  maxInFlight = 0;
  failNext: Error | undefined;
  private releases: (() => void)[] = [];
  hold = false;

  async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hold) await new Promise<void>((resolve) => this.releases.push(resolve));
      if (this.failNext) {
        const error = this.failNext;
        this.failNext = undefined;
        throw error;
      }
      this.batches.push(records.map((r) => r.key));
    } finally {
      this.inFlight -= 1;
    }
  }

  releaseAll(): void {
    const pending = this.releases;
    this.releases = [];
    pending.forEach((release) => release());
  }
}

function setup(
  policy: { lingerMs?: number; maxBatchSize?: number; maxBufferedEvents?: number } = {},
) {
  const timer = new ManualTimer();
  const sender = new RecordingSender();
  const undelivered: { keys: string[]; code: KafkaErrorCode }[] = [];
  const publisher = new BatchingPublisher({
    sender,
    logger: silentKafkaLogger,
    timer,
    policy: { lingerMs: 25, maxBatchSize: 3, maxBufferedEvents: 10, ...policy },
    onUndelivered: (records, error) =>
      undelivered.push({ keys: records.map((r) => r.key), code: error.code }),
  });
  return { timer, sender, publisher, undelivered };
}

const flushMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchingPublisher', () => {
  it('given fewer events than a batch, when the linger timer fires, then they go out together', async () => {
    const { timer, sender, publisher } = setup();
    publisher.publish(def, aWidgetChanged({ widgetId: 'a' }));
    publisher.publish(def, aWidgetChanged({ widgetId: 'b' }));
    expect(timer.pending?.delayMs).toBe(25);
    expect(sender.batches).toEqual([]);
    timer.fire();
    await flushMicrotasks();
    expect(sender.batches).toEqual([['a', 'b']]);
    expect(publisher.bufferedCount).toBe(0);
  });

  it('given a full batch, then it is sent at once without waiting for the timer', async () => {
    const { timer, sender, publisher } = setup();
    for (const id of ['a', 'b', 'c']) publisher.publish(def, aWidgetChanged({ widgetId: id }));
    await flushMicrotasks();
    expect(sender.batches).toEqual([['a', 'b', 'c']]);
    expect(timer.pending).toBeUndefined();
  });

  it('sends one batch at a time, in publish order', async () => {
    const { sender, publisher } = setup();
    sender.hold = true;
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
      publisher.publish(def, aWidgetChanged({ widgetId: id }));
    const flushed = publisher.flush();
    for (let i = 0; i < 5; i += 1) {
      await flushMicrotasks();
      sender.releaseAll();
    }
    await flushed;
    expect(sender.maxInFlight).toBe(1);
    expect(sender.batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('given a failed send, then the batch is handed to onUndelivered and later batches still go', async () => {
    const { sender, publisher, undelivered } = setup();
    sender.failNext = new KafkaError(KafkaErrorCode.PUBLISH_FAILED, 'broker down');
    publisher.publish(def, aWidgetChanged({ widgetId: 'lost' }));
    await publisher.flush();
    publisher.publish(def, aWidgetChanged({ widgetId: 'next' }));
    await publisher.flush();
    expect(undelivered).toEqual([{ keys: ['lost'], code: KafkaErrorCode.PUBLISH_FAILED }]);
    expect(sender.batches).toEqual([['next']]);
  });

  it('given a full buffer, then new events are refused with BUFFER_FULL instead of growing memory', () => {
    const { sender, publisher, undelivered } = setup({ maxBatchSize: 100, maxBufferedEvents: 2 });
    sender.hold = true;
    for (const id of ['a', 'b', 'c']) publisher.publish(def, aWidgetChanged({ widgetId: id }));
    expect(publisher.bufferedCount).toBe(2);
    expect(undelivered).toEqual([{ keys: ['c'], code: KafkaErrorCode.BUFFER_FULL }]);
  });

  it('given a record encoded elsewhere, then it is batched with the others and sent as given', async () => {
    const { timer, sender, publisher } = setup();
    publisher.publish(def, aWidgetChanged({ widgetId: 'a' }));
    publisher.publishRecord({ topic: def.topic, key: 'b', value: 'not parsed here', headers: {} });
    timer.fire();
    await flushMicrotasks();
    expect(sender.batches).toEqual([['a', 'b']]);
  });

  it('given an invalid event, then publish throws at the call site and buffers nothing', () => {
    const { publisher } = setup();
    expect(() => publisher.publish(def, { ...aWidgetChanged(), widgetId: '' })).toThrow(
      KafkaContractError,
    );
    expect(publisher.bufferedCount).toBe(0);
  });

  it('when closed, then the buffer is drained and later publishes are refused', async () => {
    const { sender, publisher } = setup();
    publisher.publish(def, aWidgetChanged({ widgetId: 'last' }));
    await publisher.close();
    expect(sender.batches).toEqual([['last']]);
    expect(() => publisher.publish(def, aWidgetChanged())).toThrow(
      expect.objectContaining({ code: KafkaErrorCode.CLOSED }),
    );
  });

  it('works behind a typed publisher bound to one definition', async () => {
    const { sender, publisher } = setup();
    const widgets = typedPublisher(publisher, def);
    widgets.publish(aWidgetChanged({ widgetId: 'typed' }));
    await publisher.flush();
    expect(widgets.definition.topic).toBe(def.topic);
    expect(sender.batches).toEqual([['typed']]);
  });
});
