import type { ConsumerTimings } from '../event-consumer';

/**
 * Group timings for integration tests: the broker's minimum session timeout (6 s) and fast
 * heartbeats and fetches, so a test consumer joins and sees new messages quickly.
 */
export const FAST_CONSUMER_TIMINGS: ConsumerTimings = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 3_000,
  maxWaitTimeMs: 100,
};
