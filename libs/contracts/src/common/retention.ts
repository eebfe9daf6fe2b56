import type { TopicRetention } from '../define-event';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Kafka is the transport, not the archive: ClickHouse and PostgreSQL keep history. Log topics keep
 * enough days to replay into a sink that was broken for a while. High-volume request topics keep a
 * week; low-volume security topics keep a month, because a SIEM outage must not lose audit facts.
 */
export const Retention = {
  requestLog: { kind: 'log', retentionMs: 7 * DAY_MS },
  securityLog: { kind: 'log', retentionMs: 30 * DAY_MS },
  compacted: { kind: 'compacted' },
} as const satisfies Record<string, TopicRetention>;
