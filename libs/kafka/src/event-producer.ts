import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { encodeEvent, type OutgoingRecord } from './event-encoding';
import { describeError } from './dead-letter';
import { useFastGzip } from './fast-gzip-codec';
import { KafkaError, KafkaErrorCode } from './kafka-error';
import { KeyCachedDefaultPartitioner } from './key-cached-partitioner';
import { useFastRecordEncoder } from './record-encoder-fast-path';
import type { KafkaLogger } from './kafka-logger';

/**
 * GZIP is built into kafkajs, so every kafkajs client in the repository (tests, tools, the
 * consumers) can read what we write without registering a codec first; snappy would need
 * `kafkajs-snappy` registered in every process that reads, and a forgotten registration is a
 * consumer that cannot decode. See ADR 0004.
 */
export type ProducerCompression = 'gzip' | 'none';

export interface EventProducerOptions {
  kafka: Kafka;
  logger: KafkaLogger;
  compression?: ProducerCompression;
  /** How long the broker may take to acknowledge a write from all in-sync replicas. */
  ackTimeoutMs?: number;
  /**
   * Producer-level retries. Bounded on purpose: an unbounded idempotent producer waits forever
   * while Kafka is down, and callers (the batching publisher's journal) need to hear about it.
   */
  retries?: number;
}

/** Anything that can put already-encoded records on the wire; the batching publisher needs only this. */
export interface RecordSender {
  sendRecords(records: readonly OutgoingRecord[]): Promise<void>;
}

/**
 * Validating, idempotent producer. Every write waits for all in-sync replicas (acks = -1).
 * kafkajs allows at most one in-flight request per broker connection for the idempotent
 * producer to keep ordering, so `maxInFlightRequests` is 1.
 */
export class EventProducer implements RecordSender {
  private readonly producer: Producer;
  private readonly compression: CompressionTypes;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: EventProducerOptions) {
    this.producer = options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: KeyCachedDefaultPartitioner,
      retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    this.compression =
      options.compression === 'none' ? CompressionTypes.None : CompressionTypes.GZIP;
    if (this.compression === CompressionTypes.GZIP) useFastGzip();
    const recordEncoder = useFastRecordEncoder();
    if (!recordEncoder.installed)
      options.logger.debug(
        { reason: recordEncoder.reason },
        'kafkajs encodes records with its own encoder (record-encoder-fast-path.ts)',
      );
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw new KafkaError(
        KafkaErrorCode.BROKER_UNAVAILABLE,
        `Could not connect the producer to Kafka (${describeError(error)}); check KAFKA_BROKERS and that the brokers are up.`,
        { cause: error },
      );
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Validates and publishes one event; resolves once all in-sync replicas have it. */
  async publish<D extends AnyEventDefinition>(def: D, event: EventOf<D>): Promise<void> {
    await this.sendRecords([encodeEvent(def, event)]);
  }

  /** Validates every event first, so one bad event means none of the batch is sent. */
  async publishBatch<D extends AnyEventDefinition>(
    def: D,
    events: readonly EventOf<D>[],
  ): Promise<void> {
    const records = events.map((event) => encodeEvent(def, event));
    await this.sendRecords(records);
  }

  async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: { ...record.headers } });
      byTopic.set(record.topic, messages);
    }
    await this.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
  }

  /** Writes messages as they are, for dead-lettering a message that never was a valid event. */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.send([{ topic, messages }]);
  }

  private async send(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    try {
      await this.producer.sendBatch({
        topicMessages,
        acks: -1,
        timeout: this.ackTimeoutMs,
        compression: this.compression,
      });
    } catch (error) {
      const topics = topicMessages.map((t) => t.topic).join(', ');
      const count = topicMessages.reduce((sum, t) => sum + t.messages.length, 0);
      this.options.logger.error(
        { topics, count, err: describeError(error) },
        'kafka publish failed',
      );
      throw new KafkaError(
        KafkaErrorCode.PUBLISH_FAILED,
        `Kafka did not acknowledge ${count} message(s) to ${topics} (${describeError(error)}); ` +
          'check broker health and that the topics exist (ensureTopics at startup).',
        { cause: error },
      );
    }
  }
}
