import type { RequestCompletedV1 } from '@gatehouse/contracts';

/**
 * Where finished requests' usage events go. `publish` returns at once and never throws: the
 * response path hands the event over and moves on. Implementations batch, journal to disk when
 * Kafka is unavailable, and drain on `close()`.
 */
export interface UsageEventSink {
  publish(event: RequestCompletedV1): void;
  close(): Promise<void>;
}
