import { RequestCompletedV1Definition, type RequestCompletedV1 } from '@gatehouse/contracts';
import {
  buildEventHeaders,
  connectOnSend,
  ensureTopics,
  JournalingPublisher,
  KafkaClientFactory,
  type EventProducer,
  type KafkaLogger,
  type OutgoingRecord,
} from '@gatehouse/kafka';
import type { EncodedUsageEvent } from './encoded-usage-event';
import type { UsageEventSink } from './usage-event-sink';

export interface KafkaUsageEventSinkOptions {
  readonly brokers: readonly string[];
  /** Usually `Topics.usageRequestCompleted`; tests use a throwaway topic. */
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Disk journal directory (one per process; it is locked while open). */
  readonly journalDirectory: string;
  readonly logger: KafkaLogger;
  /**
   * How long events wait to be batched before they are sent; the batching publisher's default
   * (50 ms) when absent. The usage worker uses `USAGE_WORKER_LINGER_MS`.
   */
  readonly lingerMs?: number;
}

/**
 * Usage events to Kafka through the journaling publisher: built valid by `buildUsageEvent`, sent in
 * the background in batches by the idempotent producer, and written to the disk journal while Kafka
 * is unavailable, then replayed in order. The event id is the request id, so a replayed event
 * deduplicates downstream. Kafka being down at startup does not stop the proxy: the producer
 * connects on its first send.
 */
export class KafkaUsageEventSink implements UsageEventSink {
  private constructor(
    private readonly producer: EventProducer,
    private readonly publisher: JournalingPublisher,
    private readonly definition: typeof RequestCompletedV1Definition,
    private readonly logger: KafkaLogger,
  ) {}

  static async start(options: KafkaUsageEventSinkOptions): Promise<KafkaUsageEventSink> {
    const factory = new KafkaClientFactory(
      { brokers: options.brokers, clientId: 'gatehouse-proxy' },
      options.logger,
    );
    const definition = { ...RequestCompletedV1Definition, topic: options.topic };
    await provisionTopic(factory, definition, options);
    const producer = factory.createProducer();
    const publisher = await JournalingPublisher.open({
      sender: connectOnSend(producer),
      logger: options.logger,
      journal: { directory: options.journalDirectory },
      ...(options.lingerMs === undefined ? {} : { batching: { lingerMs: options.lingerMs } }),
    });
    return new KafkaUsageEventSink(producer, publisher, definition, options.logger);
  }

  publish(event: RequestCompletedV1): void {
    try {
      // `buildUsageEvent` is the only producer of these events and its tests prove every output
      // validates, so there is no per-event schema parse on this path (ADR 0011); the consumers
      // still validate each message.
      this.publisher.publish(this.definition, event, { validation: 'trusted' });
    } catch (error) {
      this.rejected(event.id, error);
    }
  }

  /** Publishes an event the request thread encoded (`encodeUsageLines`), trusted like `publish`. */
  publishEncoded(event: EncodedUsageEvent): void {
    try {
      this.publisher.publishRecord(usageRecord(this.definition, event));
    } catch (error) {
      this.rejected(event.id, error);
    }
  }

  /** A closed publisher is a proxy bug; it must cost the event, never the response. */
  private rejected(requestId: string, error: unknown): void {
    this.logger.error(
      { requestId, err: error instanceof Error ? error.message : String(error) },
      'usage event rejected',
    );
  }

  /** Resolves once the events published so far are in Kafka or written to the journal. */
  settle(): Promise<void> {
    return this.publisher.settle();
  }

  /** Not ready only when events are being lost; Kafka being down alone is what the journal is for. */
  health(): { ok: boolean; detail?: string } {
    return this.publisher.health();
  }

  async close(): Promise<void> {
    await this.publisher.close();
    await this.producer.disconnect();
  }
}

/** Creates the topic if needed; a broker that is down now only delays that to the audit service or the next start. */
async function provisionTopic(
  factory: KafkaClientFactory,
  definition: typeof RequestCompletedV1Definition,
  options: KafkaUsageEventSinkOptions,
): Promise<void> {
  const admin = factory.createAdmin();
  try {
    await admin.connect();
    await ensureTopics(admin, [definition], {
      partitions: options.partitions,
      replicationFactor: options.replicationFactor,
      logger: options.logger,
    });
  } catch (error) {
    options.logger.warn(
      { topic: definition.topic, err: error instanceof Error ? error.message : String(error) },
      'usage topic not provisioned; events are journaled until Kafka answers',
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The Kafka record of an encoded usage event: what `encodeEvent(definition, event, { validation:
 * 'trusted' })` gives for the event itself (the spec holds the two equal), headers included.
 */
export function usageRecord(
  definition: typeof RequestCompletedV1Definition,
  event: EncodedUsageEvent,
): OutgoingRecord {
  return {
    topic: definition.topic,
    key: event.key,
    value: event.json,
    headers: buildEventHeaders(definition, event),
  };
}
