import { Kafka, logLevel } from 'kafkajs';

/**
 * Messages on `topic` across all partitions (high watermark minus low watermark), read from the
 * broker's offsets rather than by consuming, so a late duplicate cannot hide behind a consumer
 * that stopped once it had "enough".
 */
export async function topicMessageCount(
  brokers: readonly string[],
  topic: string,
): Promise<number> {
  const admin = new Kafka({
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
  }).admin();
  try {
    await admin.connect();
    const partitions = await admin.fetchTopicOffsets(topic);
    return partitions.reduce(
      (sum, partition) => sum + Number(partition.high) - Number(partition.low),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}

export interface UsageCensus {
  readonly messages: number;
  readonly distinct: number;
  /** Messages beyond the first per request id (replays whose acknowledgement was lost). */
  readonly duplicates: number;
  /** Request ids that appear more than once with a different event body: would be a real bug. */
  readonly conflicting: readonly string[];
}

/** Counts usage events per request id; the event id of a usage event is its request id. */
export function usageCensus(values: readonly (string | null)[]): UsageCensus {
  const byId = new Map<string, string>();
  const conflicting = new Set<string>();
  for (const value of values) {
    const requestId = requestIdOf(value);
    const earlier = byId.get(requestId);
    if (earlier !== undefined && earlier !== value) conflicting.add(requestId);
    if (earlier === undefined) byId.set(requestId, value ?? '');
  }
  return {
    messages: values.length,
    distinct: byId.size,
    duplicates: values.length - byId.size,
    conflicting: [...conflicting],
  };
}

/** The `requestId` field of a usage event's JSON value, or a marker naming what is wrong with it. */
export function requestIdOf(value: string | null): string {
  if (value === null) return '(null value)';
  try {
    const parsed: unknown = JSON.parse(value);
    const requestId = (parsed as { requestId?: unknown } | null)?.requestId;
    return typeof requestId === 'string' ? requestId : `(no requestId) ${value.slice(0, 80)}`;
  } catch {
    return `(not JSON) ${value.slice(0, 80)}`;
  }
}
