import { type RequestCompletedV1, requestCompletedV1Schema } from '@gatehouse/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A message on the usage topic that is not a valid `usage.request_completed` v1 event. */
export interface InvalidUsageMessage {
  readonly offset: string;
  readonly problem: string;
}

/**
 * Reads the proxy's usage topic for the whole test file with one consumer, so each assertion
 * waits only for its own events instead of paying a consumer-group join per test. Every message
 * is checked against the contract schema; the ones that fail are kept for the test to report.
 */
export class UsageEventCollector {
  private readonly events: RequestCompletedV1[] = [];
  private readonly invalid: InvalidUsageMessage[] = [];

  private constructor(private readonly consumer: Consumer) {}

  /** Creates the topic (as the proxy would) and starts reading it from the beginning. */
  static async start(kafka: Kafka, topic: string, groupId: string): Promise<UsageEventCollector> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      rebalanceTimeout: 3_000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    const collector = new UsageEventCollector(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => collector.accept(message.offset, message.value),
    });
    return collector;
  }

  /** Messages that did not match the event contract, so far. */
  invalidMessages(): readonly InvalidUsageMessage[] {
    return [...this.invalid];
  }

  /**
   * Waits until an event arrived for every id in `requestIds`, then returns every event that
   * carries one of those ids (duplicates included, so a test can insist on exactly one each).
   */
  async waitForRequests(
    requestIds: readonly string[],
    timeoutMs = 20_000,
  ): Promise<RequestCompletedV1[]> {
    const wanted = new Set(requestIds);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.events.filter((event) => wanted.has(event.requestId));
      const seen = new Set(matching.map((event) => event.requestId));
      if (seen.size === wanted.size) return matching;
      if (Date.now() >= deadline) {
        const missing = requestIds.filter((id) => !seen.has(id));
        throw new Error(
          `usage events missing for ${missing.length} of ${wanted.size} requests (${missing.join(', ')}); ` +
            `${this.events.length} events read in total`,
        );
      }
      await sleep(50);
    }
  }

  /** Every event of one Claude Code session read so far. */
  eventsForSession(sessionId: string): RequestCompletedV1[] {
    return this.events.filter((event) => event.claudeCodeSessionId === sessionId);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private accept(offset: string, value: Buffer | null): void {
    let json: unknown;
    try {
      json = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      this.invalid.push({ offset, problem: 'not JSON' });
      return;
    }
    const parsed = requestCompletedV1Schema.safeParse(json);
    if (parsed.success) this.events.push(parsed.data);
    else this.invalid.push({ offset, problem: parsed.error.message });
  }
}
