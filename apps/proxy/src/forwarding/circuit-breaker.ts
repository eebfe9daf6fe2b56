export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe request is let through. */
  readonly openMs: number;
  /** Milliseconds clock; injected in tests. */
  readonly now?: () => number;
}

/** Numeric form for the state gauge: 0 closed, 1 half-open, 2 open. */
export const CIRCUIT_STATE_VALUE: Readonly<Record<CircuitState, number>> = { closed: 0, half_open: 1, open: 2 };

/**
 * Per-upstream circuit breaker kept in memory. Closed: requests flow and consecutive failures are
 * counted. Open: requests skip this upstream (the next one in the route plan is tried) until
 * `openMs` passed. Half-open: exactly one probe is let through; its success closes the circuit,
 * its failure opens it again for another `openMs`. A probe that never reports (client gone before
 * the outcome was known) is given up after `openMs` so the circuit cannot stick half-open.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeStartedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Current state, moving open → half-open once the open period is over. */
  get current(): CircuitState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.openMs) {
      this.state = 'half_open';
      this.probeInFlight = false;
    }
    return this.state;
  }

  /** Whether a request may go to this upstream now; in half-open this claims the single probe. */
  tryAcquire(): boolean {
    switch (this.current) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half_open':
        if (this.probeInFlight && this.now() - this.probeStartedAt < this.options.openMs) return false;
        this.probeInFlight = true;
        this.probeStartedAt = this.now();
        return true;
    }
  }

  /** Milliseconds until an open circuit lets a probe through (0 when not open). */
  retryInMs(): number {
    if (this.current !== 'open') return 0;
    return Math.max(0, this.options.openMs - (this.now() - this.openedAt));
  }

  recordSuccess(): void {
    this.state = 'closed';
    this.failures = 0;
    this.probeInFlight = false;
  }

  recordFailure(): void {
    if (this.state === 'half_open') {
      this.open();
      return;
    }
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.state = 'open';
    this.openedAt = this.now();
    this.failures = 0;
    this.probeInFlight = false;
  }
}
