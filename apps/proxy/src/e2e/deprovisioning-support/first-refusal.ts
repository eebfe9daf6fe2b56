export interface Refusal {
  /** Milliseconds from `since` to the first refused answer. */
  readonly delayMs: number;
  readonly status: number;
  readonly shouldRetry: string | null;
  readonly body: string;
  /** How many requests were answered 200 before the refusal. */
  readonly acceptedBefore: number;
}

export interface RefusalProbe {
  readonly url: string;
  readonly init: RequestInit;
  /** `performance.now()` when the clock started (the SCIM response). */
  readonly since: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/**
 * Repeats one request until it is refused with 401 and reports when that happened. Any answer
 * other than 200 or 401 fails at once, so an outage cannot pass for a revocation.
 */
export async function timeToFirstRefusal(probe: RefusalProbe): Promise<Refusal> {
  let acceptedBefore = 0;
  for (;;) {
    const response = await fetch(probe.url, probe.init);
    // Measured when the answer arrived, so the figure includes the round trip (an upper bound).
    const answeredAt = performance.now();
    const body = await response.text();
    if (response.status === 401) {
      return { delayMs: answeredAt - probe.since, status: 401, shouldRetry: response.headers.get('x-should-retry'), body, acceptedBefore };
    }
    if (response.status !== 200) throw new Error(`${probe.url} answered ${response.status}: ${body.slice(0, 300)}`);
    acceptedBefore += 1;
    if (performance.now() - probe.since > probe.timeoutMs) {
      throw new Error(`${probe.url} still accepted the credential ${probe.timeoutMs} ms after the deactivation`);
    }
    await new Promise((resolve) => setTimeout(resolve, probe.intervalMs));
  }
}
