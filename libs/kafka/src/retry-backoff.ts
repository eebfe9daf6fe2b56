/** How a consumer retries a failing handler before dead-lettering the message. */
export interface RetryPolicy {
  /** Total handler calls for one message, the first one included. */
  maxAttempts: number;
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  /**
   * Fraction of each delay that is randomised (0 = fixed schedule), so replicas that failed
   * together do not retry in lockstep.
   */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  multiplier: 2,
  maxDelayMs: 5_000,
  jitter: 0.2,
};

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed calls (attempt >= 1).
 * `random` is injectable so the schedule is testable; it must return a value in [0, 1).
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = capped * Math.min(1, Math.max(0, policy.jitter));
  return Math.round(capped - spread + spread * random());
}

/** The delays between all attempts of a policy, without jitter; used for docs and checks. */
export function backoffSchedule(policy: RetryPolicy): number[] {
  const fixed = { ...policy, jitter: 0 };
  return Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, i) =>
    backoffDelayMs(fixed, i + 1),
  );
}
