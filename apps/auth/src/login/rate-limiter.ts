import type { Clock } from '../directory/clock';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the key may try again (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter per key (client IP) in this replica's memory. Each replica counts on
 * its own, so N replicas admit up to N × limit: the limit exists to make guessing user codes and
 * hammering the IdP expensive, and that bound is enough for it (docs/adr/0014).
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number },
  ) {}

  take(key: string): RateLimitDecision {
    const now = this.options.clock().getTime();
    const current = this.windows.get(key);
    if (current === undefined || now - current.startedAt >= this.options.windowMs) {
      this.evictIfFull(now);
      this.windows.set(key, { startedAt: now, count: 1 });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    current.count += 1;
    const retryAfterSeconds = Math.ceil((current.startedAt + this.options.windowMs - now) / 1000);
    return { allowed: current.count <= this.options.limit, retryAfterSeconds };
  }

  /** Bounded memory under a spray of source addresses: drop finished windows, then the oldest. */
  private evictIfFull(now: number): void {
    const maxKeys = this.options.maxKeys ?? 100_000;
    if (this.windows.size < maxKeys) return;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.options.windowMs) this.windows.delete(key);
    }
    if (this.windows.size >= maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}
