import type { IHeaders } from 'kafkajs';

/** Why a consumer gave up on a message. Values are what the `dlq-reason` header carries. */
export enum DeadLetterReason {
  INVALID_JSON = 'invalid-json',
  SCHEMA_VIOLATION = 'schema-violation',
  UNKNOWN_VERSION = 'unknown-version',
  HANDLER_FAILED = 'handler-failed',
}

export const DeadLetterHeader = {
  REASON: 'dlq-reason',
  ERROR: 'dlq-error',
  ORIGINAL_TOPIC: 'dlq-original-topic',
  ORIGINAL_PARTITION: 'dlq-original-partition',
  ORIGINAL_OFFSET: 'dlq-original-offset',
  CONSUMER_GROUP: 'dlq-consumer-group',
  TIMESTAMP: 'dlq-timestamp',
} as const;

export interface DeadLetterContext {
  reason: DeadLetterReason;
  /** Human summary of what was wrong (zod issues, parse error, last handler error). */
  error: string;
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  at: Date;
}

/** Header values are capped so one pathological error cannot produce an oversized message. */
export const MAX_DEAD_LETTER_ERROR_LENGTH = 1_000;

export function truncateError(text: string, maxLength = MAX_DEAD_LETTER_ERROR_LENGTH): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * Headers of a dead-lettered message: the original headers (so trace and event ids survive)
 * plus the `dlq-*` headers saying where the message came from and why it was rejected.
 */
export function buildDeadLetterHeaders(
  original: IHeaders | undefined,
  ctx: DeadLetterContext,
): IHeaders {
  return {
    ...(original ?? {}),
    [DeadLetterHeader.REASON]: ctx.reason,
    [DeadLetterHeader.ERROR]: truncateError(ctx.error),
    [DeadLetterHeader.ORIGINAL_TOPIC]: ctx.topic,
    [DeadLetterHeader.ORIGINAL_PARTITION]: String(ctx.partition),
    [DeadLetterHeader.ORIGINAL_OFFSET]: ctx.offset,
    [DeadLetterHeader.CONSUMER_GROUP]: ctx.groupId,
    [DeadLetterHeader.TIMESTAMP]: ctx.at.toISOString(),
  };
}

/** Best-effort text of anything thrown, for logs and the `dlq-error` header. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
