import { FixedWindowRateLimiter } from './rate-limiter';

describe('FixedWindowRateLimiter', () => {
  it('admits up to the limit per key and window, then says when to retry', () => {
    let now = 0;
    const limiter = new FixedWindowRateLimiter({ limit: 2, windowMs: 60_000, clock: () => new Date(now) });
    expect(limiter.take('1.2.3.4').allowed).toBe(true);
    expect(limiter.take('1.2.3.4').allowed).toBe(true);
    now = 15_000;
    expect(limiter.take('1.2.3.4')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.take('5.6.7.8').allowed).toBe(true);
    now = 60_000;
    expect(limiter.take('1.2.3.4').allowed).toBe(true);
  });

  it('keeps memory bounded under many source addresses', () => {
    const limiter = new FixedWindowRateLimiter({ limit: 1, windowMs: 60_000, clock: () => new Date(0), maxKeys: 3 });
    for (const ip of ['a', 'b', 'c', 'd']) limiter.take(ip);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('d').allowed).toBe(false);
  });
});
