import { RequestCompletedV1Definition } from '@gatehouse/contracts';
import {
  batchSubscription,
  runConsumer,
  type ConsumerTimings,
  type EventConsumer,
  type KafkaLogger,
} from '@gatehouse/kafka';
import type { Kafka } from 'kafkajs';
import { requestRowFrom } from './request-row';
import type { RequestsSink } from './requests-sink';

export const REQUESTS_CONSUMER_GROUP = 'gatehouse-audit-requests';

export interface RequestsIngestionOptions {
  kafka: Kafka;
  sink: RequestsSink;
  logger: KafkaLogger;
  /** The usage topic to read; tests pass a definition on a topic of their own. */
  definition?: typeof RequestCompletedV1Definition;
  groupId?: string;
  timings?: Partial<ConsumerTimings>;
  now?: () => Date;
}

/**
 * Streams usage events into ClickHouse's `requests` table: one insert per fetched batch, offsets
 * committed only after the insert succeeded (the sink throws otherwise and the consumer retries,
 * then dead-letters). Redelivered events collapse in the ReplacingMergeTree by request id.
 */
export class RequestsIngestion {
  private consumer: EventConsumer | undefined;

  constructor(private readonly options: RequestsIngestionOptions) {}

  async start(): Promise<void> {
    const { sink, now = () => new Date() } = this.options;
    this.consumer = await runConsumer({
      kafka: this.options.kafka,
      groupId: this.options.groupId ?? REQUESTS_CONSUMER_GROUP,
      logger: this.options.logger,
      timings: this.options.timings,
      subscriptions: [
        batchSubscription(
          this.options.definition ?? RequestCompletedV1Definition,
          async (items) => {
            const ingestedAt = now();
            await sink.write(items.map((item) => requestRowFrom(item.event, ingestedAt)));
          },
        ),
      ],
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
