import { deadLetterTopic, type AnyEventDefinition, type EventOf } from '@gatehouse/contracts';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { buildDeadLetterHeaders, DeadLetterReason, describeError } from './dead-letter';
import { extractTraceContext, headersToStrings } from './event-headers';
import { EventProducer } from './event-producer';
import { KafkaError, KafkaErrorCode } from './kafka-error';
import type { KafkaLogger } from './kafka-logger';
import { decodeEventMessage } from './message-decoder';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-backoff';

/** Where a message came from; handed to every handler next to the typed event. */
export interface MessageMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Broker timestamp, milliseconds since the epoch as kafkajs reports it. */
  readonly timestamp: string;
  /** 1 for the first call, higher on retries. */
  readonly attempt: number;
}

export type EventHandler<D extends AnyEventDefinition> = (
  event: EventOf<D>,
  meta: MessageMetadata,
) => Promise<void>;
export type TombstoneHandler = (meta: MessageMetadata) => Promise<void>;

export interface Subscription<D extends AnyEventDefinition> {
  readonly def: D;
  readonly handler: EventHandler<D>;
  /** Called for null values (deletes on compacted topics); without it they are skipped. */
  readonly onTombstone?: TombstoneHandler;
}

/** One validated event of a batch, with where it came from. */
export interface BatchItem<E> {
  readonly event: E;
  readonly meta: MessageMetadata;
}

export type BatchEventHandler<D extends AnyEventDefinition> = (
  items: readonly BatchItem<EventOf<D>>[],
) => Promise<void>;

/**
 * A subscription whose handler takes every valid event of one fetched batch (one partition) at
 * once — for sinks such as ClickHouse that want few large inserts. Invalid messages in the batch
 * are dead-lettered first; the batch's offsets are committed only after the handler succeeded.
 * Tombstones are skipped.
 */
export interface BatchSubscription<D extends AnyEventDefinition> {
  readonly def: D;
  readonly batchHandler: BatchEventHandler<D>;
}

export function batchSubscription<D extends AnyEventDefinition>(
  def: D,
  batchHandler: BatchEventHandler<D>,
): BatchSubscription<D> {
  return { def, batchHandler };
}

type AnySubscription = Subscription<AnyEventDefinition> | BatchSubscription<AnyEventDefinition>;

/** Builds a subscription with the handler's event type inferred from the definition. */
export function subscription<D extends AnyEventDefinition>(
  def: D,
  handler: EventHandler<D>,
  options: { onTombstone?: TombstoneHandler } = {},
): Subscription<D> {
  return { def, handler, ...options };
}

/** Group membership timings; the defaults suit production, tests shorten them to join faster. */
export interface ConsumerTimings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  /** How long a fetch waits on the broker for new data before returning empty. */
  maxWaitTimeMs: number;
}

export const DEFAULT_CONSUMER_TIMINGS: ConsumerTimings = {
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxWaitTimeMs: 1_000,
};

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  subscriptions: readonly AnySubscription[];
  logger: KafkaLogger;
  /** Where a group without committed offsets starts; state topics need the beginning. */
  fromBeginning?: boolean;
  retry?: Partial<RetryPolicy>;
  timings?: Partial<ConsumerTimings>;
  /** Share the service's producer for dead letters; otherwise the consumer owns one. */
  deadLetterProducer?: EventProducer;
  now?: () => Date;
  random?: () => number;
}

type AttemptOutcome =
  { kind: 'done' } | { kind: 'exhausted'; error: unknown } | { kind: 'interrupted' };

const tracer = trace.getTracer('@gatehouse/kafka');

/**
 * Consumes event topics with at-least-once delivery. Each message is decoded and validated;
 * a message that can never be an event goes to `<topic>.dlq`, a handler that keeps failing is
 * retried with backoff and then dead-lettered. Offsets are committed only for messages whose
 * handler succeeded or whose dead letter was written, in order, so a crash replays from the
 * first message without a durable effect. Handlers must therefore be idempotent by event id.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly producer: EventProducer;
  private readonly ownsProducer: boolean;
  private readonly byTopic = new Map<string, AnySubscription>();
  private readonly retry: RetryPolicy;
  private readonly timings: ConsumerTimings;
  private readonly abort = new AbortController();
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly options: EventConsumerOptions) {
    for (const sub of options.subscriptions) {
      if (this.byTopic.has(sub.def.topic)) {
        throw new KafkaError(
          KafkaErrorCode.INVALID_CONFIGURATION,
          `Two subscriptions of group ${options.groupId} read ${sub.def.topic}; keep one handler per topic.`,
        );
      }
      this.byTopic.set(sub.def.topic, sub);
    }
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timings = { ...DEFAULT_CONSUMER_TIMINGS, ...options.timings };
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.ownsProducer = options.deadLetterProducer === undefined;
    this.producer =
      options.deadLetterProducer ??
      new EventProducer({ kafka: options.kafka, logger: options.logger });
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: this.timings.sessionTimeoutMs,
      heartbeatInterval: this.timings.heartbeatIntervalMs,
      rebalanceTimeout: this.timings.rebalanceTimeoutMs,
      maxWaitTimeInMs: this.timings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    if (this.ownsProducer) await this.producer.connect();
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [...this.byTopic.keys()],
        fromBeginning: this.options.fromBeginning ?? true,
      });
    } catch (error) {
      throw new KafkaError(
        KafkaErrorCode.BROKER_UNAVAILABLE,
        `Consumer group ${this.options.groupId} could not connect or subscribe (${describeError(error)}); ` +
          'check KAFKA_BROKERS and that ensureTopics ran.',
        { cause: error },
      );
    }
    await this.consumer.run({
      autoCommit: false,
      // Offsets are resolved by hand after each message's effect, never for the whole batch.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.options.logger.info(
      { groupId: this.options.groupId, topics: [...this.byTopic.keys()] },
      'kafka consumer started',
    );
  }

  /** Lets the in-flight message finish (retry waits are cut short), commits, and leaves the group. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer.disconnect();
    if (this.ownsProducer) await this.producer.disconnect();
    this.options.logger.info({ groupId: this.options.groupId }, 'kafka consumer stopped');
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const sub = this.byTopic.get(batch.topic);
    if (sub === undefined) {
      throw new KafkaError(
        KafkaErrorCode.INVALID_CONFIGURATION,
        `Received ${batch.topic}, which has no subscription.`,
      );
    }
    if ('batchHandler' in sub) return this.handleWholeBatch(sub, payload);
    let lastDone: string | undefined;
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || this.abort.signal.aborted) break;
        const finished = await this.processMessage(
          sub,
          { topic: batch.topic, partition: batch.partition },
          message,
          heartbeat,
        );
        if (!finished) break;
        resolveOffset(message.offset);
        lastDone = message.offset;
        await heartbeat();
      }
    } finally {
      // Commit what is durably done even when a later message throws, so only that one replays.
      if (lastDone !== undefined) {
        await this.consumer.commitOffsets([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: (BigInt(lastDone) + 1n).toString(),
          },
        ]);
      }
    }
  }

  /**
   * Batch mode: dead-letter what cannot be an event, hand the rest to the handler in one call
   * (retried as a whole), then commit past the last message. Stopping part-way commits nothing,
   * so the batch replays; a replay may dead-letter a bad message twice, never lose one.
   */
  private async handleWholeBatch(
    sub: BatchSubscription<AnyEventDefinition>,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    const at = { topic: batch.topic, partition: batch.partition };
    const items: BatchItem<EventOf<AnyEventDefinition>>[] = [];
    const itemMessages: KafkaMessage[] = [];
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.abort.signal.aborted) return;
      const headers = headersToStrings(message.headers);
      const decoded = decodeEventMessage(sub.def, message.value, headers);
      if (decoded.kind === 'rejected') {
        await this.deadLetter(message, at, decoded.reason, decoded.error);
      } else if (decoded.kind === 'event') {
        items.push({ event: decoded.event, meta: this.metadataOf(at, message, headers, 1) });
        itemMessages.push(message);
      }
    }
    const last = batch.messages.at(-1);
    if (last === undefined) return;
    if (items.length > 0) {
      const outcome = await tracer.startActiveSpan(
        `process ${at.topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.destination.name': at.topic,
            'messaging.destination.partition.id': String(at.partition),
            'messaging.batch.message_count': items.length,
            'messaging.consumer.group.name': this.options.groupId,
          },
        },
        (span) =>
          this.attemptWithRetries(
            (attempt) =>
              sub.batchHandler(items.map((item) => ({ ...item, meta: { ...item.meta, attempt } }))),
            span,
            heartbeat,
          ).finally(() => span.end()),
      );
      if (outcome.kind === 'interrupted') return;
      if (outcome.kind === 'exhausted') {
        for (const message of itemMessages) {
          await this.deadLetter(
            message,
            at,
            DeadLetterReason.HANDLER_FAILED,
            describeError(outcome.error),
          );
        }
      }
    }
    resolveOffset(last.offset);
    await this.consumer.commitOffsets([
      { topic: at.topic, partition: at.partition, offset: (BigInt(last.offset) + 1n).toString() },
    ]);
  }

  private metadataOf(
    at: { topic: string; partition: number },
    message: KafkaMessage,
    headers: Readonly<Record<string, string>>,
    attempt: number,
  ): MessageMetadata {
    return {
      topic: at.topic,
      partition: at.partition,
      offset: message.offset,
      key: message.key === null ? null : message.key.toString('utf8'),
      headers,
      timestamp: message.timestamp,
      attempt,
    };
  }

  /** Returns false when stop() interrupted the retries, so the message is left uncommitted. */
  private async processMessage(
    sub: Subscription<AnyEventDefinition>,
    at: { topic: string; partition: number },
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    const headers = headersToStrings(message.headers);
    const base = this.metadataOf(at, message, headers, 1);
    const decoded = decodeEventMessage(sub.def, message.value, headers);
    if (decoded.kind === 'rejected') {
      await this.deadLetter(message, at, decoded.reason, decoded.error);
      return true;
    }
    const onTombstone = sub.onTombstone;
    if (decoded.kind === 'tombstone' && onTombstone === undefined) return true;
    const work =
      decoded.kind === 'event'
        ? (attempt: number) => sub.handler(decoded.event, { ...base, attempt })
        : (attempt: number) => (onTombstone as TombstoneHandler)({ ...base, attempt });

    const outcome = await tracer.startActiveSpan(
      `process ${at.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': at.topic,
          'messaging.destination.partition.id': String(at.partition),
          'messaging.kafka.offset': message.offset,
          'messaging.consumer.group.name': this.options.groupId,
        },
      },
      extractTraceContext(headers),
      (span) => this.attemptWithRetries(work, span, heartbeat).finally(() => span.end()),
    );

    if (outcome.kind === 'interrupted') return false;
    if (outcome.kind === 'exhausted') {
      await this.deadLetter(
        message,
        at,
        DeadLetterReason.HANDLER_FAILED,
        describeError(outcome.error),
      );
    }
    return true;
  }

  private async attemptWithRetries(
    work: (attempt: number) => Promise<void>,
    span: Span,
    heartbeat: () => Promise<void>,
  ): Promise<AttemptOutcome> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt += 1) {
      try {
        await work(attempt);
        span.setAttribute('gatehouse.attempts', attempt);
        return { kind: 'done' };
      } catch (error) {
        lastError = error;
        span.recordException(error instanceof Error ? error : new Error(String(error)));
        this.options.logger.warn(
          {
            groupId: this.options.groupId,
            attempt,
            maxAttempts: this.retry.maxAttempts,
            err: describeError(error),
          },
          'kafka handler failed',
        );
      }
      if (attempt < this.retry.maxAttempts) {
        const delay = backoffDelayMs(this.retry, attempt, this.random);
        if (!(await this.pause(delay, heartbeat))) return { kind: 'interrupted' };
      }
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(lastError) });
    return { kind: 'exhausted', error: lastError };
  }

  /** Waits between retries in heartbeat-sized slices so a long backoff does not cost the group. */
  private async pause(totalMs: number, heartbeat: () => Promise<void>): Promise<boolean> {
    let remaining = totalMs;
    while (remaining > 0) {
      const slice = Math.min(remaining, this.timings.heartbeatIntervalMs);
      if (!(await abortableSleep(slice, this.abort.signal))) return false;
      remaining -= slice;
      await heartbeat();
    }
    return !this.abort.signal.aborted;
  }

  private async deadLetter(
    message: KafkaMessage,
    at: { topic: string; partition: number },
    reason: DeadLetterReason,
    error: string,
  ): Promise<void> {
    const dlqTopic = deadLetterTopic(at.topic);
    const headers = buildDeadLetterHeaders(message.headers, {
      reason,
      error,
      topic: at.topic,
      partition: at.partition,
      offset: message.offset,
      groupId: this.options.groupId,
      at: this.now(),
    });
    try {
      await this.producer.sendRaw(dlqTopic, [{ key: message.key, value: message.value, headers }]);
    } catch (cause) {
      // Throwing makes kafkajs fetch this message again; its offset was not committed.
      throw new KafkaError(
        KafkaErrorCode.DEAD_LETTER_FAILED,
        `Could not write offset ${message.offset} of ${at.topic} to ${dlqTopic} (${describeError(cause)}); ` +
          'the message will be retried. Check that the dead-letter topic exists.',
        { cause },
      );
    }
    this.options.logger.warn(
      {
        groupId: this.options.groupId,
        topic: at.topic,
        partition: at.partition,
        offset: message.offset,
        reason,
        error,
      },
      'kafka message dead-lettered',
    );
  }
}

/** Starts a consumer and returns it; call `stop()` on shutdown. */
export async function runConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  const consumer = new EventConsumer(options);
  await consumer.start();
  return consumer;
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(handle);
      resolve(false);
    };
    const handle = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
