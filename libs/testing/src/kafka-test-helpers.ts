import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { readStackEnvFile } from './stack-env';

/**
 * Helpers for integration tests that talk to the real local Kafka. They use kafkajs directly,
 * not @gatehouse/kafka, so reading what a library wrote does not depend on that library.
 */

const DEFAULT_BROKERS = '127.0.0.1:19092';

/** Brokers from KAFKA_BROKERS, else the stack tool's `.gatehouse/stack.env`, else the default. */
export function kafkaBrokersForTests(): string[] {
  const configured =
    process.env.KAFKA_BROKERS ?? readStackEnvFile().KAFKA_BROKERS ?? DEFAULT_BROKERS;
  return configured
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** A suffix that keeps topic and group names of one test run apart from every other run. */
export function uniqueTopicSuffix(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A quiet kafkajs client for test plumbing (raw producers, admin calls, collectors). */
export function createTestKafka(clientId = `gatehouse-test-${uniqueTopicSuffix()}`): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokersForTests(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 3, initialRetryTime: 100 },
  });
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface CollectOptions {
  /** Resolve once this many messages have arrived. */
  count: number;
  timeoutMs?: number;
  kafka?: Kafka;
}

/**
 * Reads a topic from the beginning with a throwaway consumer group until `count` messages have
 * arrived; rejects with what it did see if the timeout passes first.
 */
export async function collectMessages(
  topic: string,
  options: CollectOptions,
): Promise<CollectedMessage[]> {
  const kafka = options.kafka ?? createTestKafka();
  const consumer = kafka.consumer({
    groupId: `gatehouse-test-collector-${uniqueTopicSuffix()}`,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 3_000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  const collected: CollectedMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        collected.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key === null ? null : message.key.toString('utf8'),
          value: message.value === null ? null : message.value.toString('utf8'),
          headers: headersToStrings(message.headers),
        });
      },
    });
    await waitFor(() => collected.length >= options.count, options.timeoutMs ?? 15_000).catch(
      () => {
        throw new Error(
          `collectMessages(${topic}) saw ${collected.length} of ${options.count} messages before the timeout`,
        );
      },
    );
    return collected;
  } finally {
    await consumer.disconnect();
  }
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}

/**
 * Polls until `predicate` returns a truthy value and resolves with it; rejects after
 * `timeoutMs`. The predicate may be async; a throw counts as "not yet".
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`waitFor timed out after ${timeoutMs} ms${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Deletes test topics; failures are ignored because cleanup must not fail a passing test. */
export async function deleteTestTopics(
  topics: readonly string[],
  kafka: Kafka = createTestKafka(),
): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics: [...topics], timeout: 5_000 });
  } catch {
    // Topics left behind carry a unique suffix, so a later run cannot collide with them.
  } finally {
    await admin.disconnect();
  }
}
