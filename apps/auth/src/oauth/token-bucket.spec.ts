import { TokenBucketLimiter } from './token-bucket';

describe('TokenBucketLimiter', () => {
  it('allows a burst of `capacity`, then refuses with the wait until the next token', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('10.0.0.1').allowed)).toEqual([true, true, true]);
    expect(limiter.take('10.0.0.1')).toEqual({ allowed: false, retryAfterSec: 2 });
    expect(limiter.take('10.0.0.2').allowed).toBe(true);
    now += 2_000;
    expect(limiter.take('10.0.0.1').allowed).toBe(true);
    expect(limiter.take('10.0.0.1').allowed).toBe(false);
  });

  it('keeps at most maxClients buckets, forgetting the least recently used', () => {
    const limiter = new TokenBucketLimiter({
      capacity: 1,
      refillPerSecond: 0.001,
      maxClients: 2,
      now: () => 0,
    });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    // `a` was dropped, so it starts with a full bucket again; `c` is still remembered as empty.
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
