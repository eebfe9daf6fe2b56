export interface TokenBucketOptions {
  /** Requests a client may make in a burst. */
  readonly capacity: number;
  /** Sustained requests per second. */
  readonly refillPerSecond: number;
  /** Buckets kept at most; the least recently used are dropped beyond it (bounded memory). */
  readonly maxClients?: number;
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

export type TakeResult =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSec: number };

/**
 * An in-memory token bucket per client key (the client IP). Per replica, by design: sign-in
 * endpoints are not on the hot path, and a limit per replica still stops one client from
 * hammering the token endpoint (RFC 8628 §5.1) without a shared store.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new Error('TokenBucketLimiter needs capacity >= 1 and refillPerSecond > 0');
    }
  }

  take(client: string): TakeResult {
    const now = this.now();
    const previous = this.buckets.get(client);
    const elapsedSec = previous === undefined ? 0 : Math.max(0, now - previous.at) / 1000;
    const tokens = Math.min(
      this.options.capacity,
      (previous?.tokens ?? this.options.capacity) + elapsedSec * this.options.refillPerSecond,
    );
    // Re-insert so Map iteration order is least recently used first.
    this.buckets.delete(client);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: now });
      return {
        allowed: false,
        retryAfterSec: Math.ceil((1 - tokens) / this.options.refillPerSecond),
      };
    }
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return { allowed: true };
  }
}
