import { CircuitBreaker } from './circuit-breaker';

function breakerWithClock(failureThreshold = 3, openMs = 1_000) {
  const clock = { t: 0 };
  const breaker = new CircuitBreaker({ failureThreshold, openMs, now: () => clock.t });
  return { breaker, clock };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and a success resets the count', () => {
    const { breaker } = breakerWithClock(3);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.current).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after consecutive failures and refuses until the open period is over', () => {
    const { breaker, clock } = breakerWithClock(2, 1_000);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.current).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    clock.t = 400;
    expect(breaker.retryInMs()).toBe(600);
    clock.t = 1_000;
    expect(breaker.current).toBe('half_open');
  });

  it('lets exactly one probe through when half-open; its success closes the circuit', () => {
    const { breaker, clock } = breakerWithClock(1, 1_000);
    breaker.recordFailure();
    clock.t = 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.current).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('re-opens for another period when the probe fails', () => {
    const { breaker, clock } = breakerWithClock(1, 1_000);
    breaker.recordFailure();
    clock.t = 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.current).toBe('open');
    clock.t = 1_999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.t = 2_000;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('gives up on a probe that never reported after one open period', () => {
    const { breaker, clock } = breakerWithClock(1, 1_000);
    breaker.recordFailure();
    clock.t = 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    clock.t = 1_500;
    expect(breaker.tryAcquire()).toBe(false);
    clock.t = 2_000;
    expect(breaker.tryAcquire()).toBe(true);
  });
});
