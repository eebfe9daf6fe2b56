import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';
import { encodeEvent, type EncodeOptions, type OutgoingRecord } from './event-encoding';
import type { RecordSender } from './event-producer';
import { describeError } from './dead-letter';
import { KafkaError, KafkaErrorCode } from './kafka-error';
import type { KafkaLogger } from './kafka-logger';

/** When buffered events go out: after `lingerMs`, or at once when `maxBatchSize` are waiting. */
export interface BatchingPolicy {
  lingerMs: number;
  maxBatchSize: number;
  /** Above this many waiting events new ones are refused, so a dead Kafka cannot exhaust memory. */
  maxBufferedEvents: number;
}

export const DEFAULT_BATCHING_POLICY: BatchingPolicy = {
  lingerMs: 50,
  maxBatchSize: 500,
  maxBufferedEvents: 50_000,
};

/** A one-shot timer; returns a function that cancels it. Injected so tests control time. */
export interface FlushTimer {
  schedule(callback: () => void, delayMs: number): () => void;
}

export const systemFlushTimer: FlushTimer = {
  schedule(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    // A pending flush must not keep a process alive; close() drains explicitly.
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/**
 * Called with records that could not be delivered (send failed after retries, or the buffer was
 * full). The proxy wires its disk journal here so no usage event is lost while Kafka is down.
 */
export type UndeliveredHandler = (records: readonly OutgoingRecord[], error: KafkaError) => void;

export interface BatchingPublisherOptions {
  sender: RecordSender;
  logger: KafkaLogger;
  policy?: Partial<BatchingPolicy>;
  timer?: FlushTimer;
  onUndelivered?: UndeliveredHandler;
}

/**
 * Buffers events in memory and sends them in batches, one send at a time so order is kept.
 * `publish` validates synchronously (a malformed event throws at the call site) and returns
 * immediately: the request path never waits for Kafka.
 */
export class BatchingPublisher {
  private readonly policy: BatchingPolicy;
  private readonly timer: FlushTimer;
  private buffer: OutgoingRecord[] = [];
  private cancelTimer: (() => void) | undefined;
  private drainChain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: BatchingPublisherOptions) {
    this.policy = { ...DEFAULT_BATCHING_POLICY, ...options.policy };
    this.timer = options.timer ?? systemFlushTimer;
  }

  get bufferedCount(): number {
    return this.buffer.length;
  }

  publish<D extends AnyEventDefinition>(def: D, event: EventOf<D>, options?: EncodeOptions): void {
    this.assertOpen();
    this.publishRecord(encodeEvent(def, event, options));
  }

  /**
   * Buffers a record encoded elsewhere (`encodeEvent`, or by the thread that built the event):
   * sent as given, without validation. For the callers ADR 0011 allows to skip the schema parse
   * (the proxy's usage worker); everything else publishes events with `publish`.
   */
  publishRecord(record: OutgoingRecord): void {
    this.assertOpen();
    if (this.buffer.length >= this.policy.maxBufferedEvents) {
      this.undelivered(
        [record],
        new KafkaError(
          KafkaErrorCode.BUFFER_FULL,
          `${this.buffer.length} events are waiting for Kafka; new events are refused until it catches up.`,
        ),
      );
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length >= this.policy.maxBatchSize) {
      void this.flush();
    } else if (this.cancelTimer === undefined) {
      this.cancelTimer = this.timer.schedule(() => {
        this.cancelTimer = undefined;
        void this.flush();
      }, this.policy.lingerMs);
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new KafkaError(
        KafkaErrorCode.CLOSED,
        'The batching publisher is closed; publish before shutdown starts.',
      );
  }

  /** Sends everything buffered so far; resolves when it has been sent or handed to onUndelivered. */
  flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.drainChain = this.drainChain.then(() => this.drain());
    return this.drainChain;
  }

  /** Refuses new events and drains the buffer; call on graceful shutdown before disconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.policy.maxBatchSize);
      this.buffer = this.buffer.slice(batch.length);
      try {
        await this.options.sender.sendRecords(batch);
      } catch (error) {
        const failure =
          error instanceof KafkaError
            ? error
            : new KafkaError(KafkaErrorCode.PUBLISH_FAILED, describeError(error), { cause: error });
        this.undelivered(batch, failure);
      }
    }
  }

  private undelivered(records: readonly OutgoingRecord[], error: KafkaError): void {
    if (this.options.onUndelivered) {
      try {
        this.options.onUndelivered(records, error);
      } catch (handlerError) {
        // A throwing journal must not break the drain chain for every later flush.
        this.options.logger.error(
          { count: records.length, code: error.code, err: describeError(handlerError) },
          'kafka undelivered handler failed; events dropped',
        );
      }
      return;
    }
    this.options.logger.error(
      { count: records.length, code: error.code, err: error.message },
      'kafka events dropped: no undelivered handler is configured',
    );
  }
}
