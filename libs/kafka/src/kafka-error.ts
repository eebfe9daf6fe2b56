import type { z } from 'zod';

/**
 * Every failure this library raises carries one of these codes. The catalogue with the
 * meaning of each code and what an operator should do lives in docs/adr/0004.
 */
export enum KafkaErrorCode {
  /** An event did not match its schema; it was not sent. Fix the producing code. */
  CONTRACT_VIOLATION = 'CONTRACT_VIOLATION',
  /** No broker answered within the timeout. Check KAFKA_BROKERS and that the cluster is up. */
  BROKER_UNAVAILABLE = 'BROKER_UNAVAILABLE',
  /** Creating or checking topics at startup failed. Check broker ACLs and replication factor. */
  TOPIC_PROVISIONING_FAILED = 'TOPIC_PROVISIONING_FAILED',
  /** The broker did not acknowledge a publish after the producer's retries. */
  PUBLISH_FAILED = 'PUBLISH_FAILED',
  /** The in-memory batching buffer is full because Kafka is not keeping up or is down. */
  BUFFER_FULL = 'BUFFER_FULL',
  /** The publisher or consumer was used after close()/stop(). */
  CLOSED = 'CLOSED',
  /** A consumer could not write a rejected message to its dead-letter topic. */
  DEAD_LETTER_FAILED = 'DEAD_LETTER_FAILED',
  /** A consumer was configured wrongly (for example two subscriptions to one topic). */
  INVALID_CONFIGURATION = 'INVALID_CONFIGURATION',
}

export class KafkaError extends Error {
  override readonly name: string = 'KafkaError';

  constructor(
    readonly code: KafkaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Raised at the producer boundary: a malformed event never reaches the broker. */
export class KafkaContractError extends KafkaError {
  override readonly name = 'KafkaContractError';

  constructor(
    readonly eventType: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(
      KafkaErrorCode.CONTRACT_VIOLATION,
      `Event ${eventType} does not match its schema (${summarizeIssues(issues)}); ` +
        'fix the code that builds the event, it was not published.',
    );
  }
}

/** One line per issue, `path: message`, capped so a huge payload cannot flood a header or log. */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[], maxLength = 500): string {
  const text = issues
    .map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`,
    )
    .join('; ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
