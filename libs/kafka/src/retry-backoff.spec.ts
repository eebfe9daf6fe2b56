import {
  backoffDelayMs,
  backoffSchedule,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from './retry-backoff';

const policy: RetryPolicy = {
  maxAttempts: 6,
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 1_000,
  jitter: 0,
};

describe('retry backoff', () => {
  it('doubles from the initial delay and stops growing at the cap', () => {
    expect(backoffSchedule(policy)).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('has one delay fewer than attempts, and none for a single attempt', () => {
    expect(backoffSchedule({ ...policy, maxAttempts: 1 })).toEqual([]);
    expect(backoffSchedule(DEFAULT_RETRY_POLICY)).toHaveLength(
      DEFAULT_RETRY_POLICY.maxAttempts - 1,
    );
  });

  it('given jitter, then the delay stays within the jitter band below the base delay', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelayMs(jittered, 3, () => 0)).toBe(200);
    expect(backoffDelayMs(jittered, 3, () => 0.999_999)).toBe(400);
    expect(backoffDelayMs(jittered, 3, () => 0.5)).toBe(300);
  });
});
