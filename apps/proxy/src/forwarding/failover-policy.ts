/**
 * When to try another upstream. Failover happens only before the first byte reached the client:
 * afterwards the status line is sent and the client's own retry logic takes over.
 */

/** What went wrong with one attempt at one upstream. */
export type AttemptFailure =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterMs: number | null }
  | { readonly kind: 'network'; readonly timeout: boolean };

export type NextStep =
  | { readonly action: 'return' }
  | { readonly action: 'next' }
  | { readonly action: 'retry_same'; readonly delayMs: number };

export interface FailoverInput {
  readonly failure: AttemptFailure;
  readonly hasNext: boolean;
  /** Whether this upstream was already retried once after a short `retry-after`. */
  readonly retriedSame: boolean;
  /** Longest `retry-after` worth waiting for instead of moving on. */
  readonly maxWaitMs: number;
}

/** 429 (rate limited), 529 (overloaded) and every 5xx say "this upstream, not this request". */
export function isFailoverStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Whether the failure counts against the upstream's circuit breaker. */
export function countsAsUpstreamFailure(failure: AttemptFailure): boolean {
  return failure.kind === 'network' || isFailoverStatus(failure.status);
}

/**
 * A short `retry-after` is waited out on the same upstream once (it is usually a momentary
 * burst); a long one, or none, moves on to the next upstream. Without a next upstream the
 * failure goes back to the client, whose SDK honours `retry-after` itself.
 */
export function decideAfterFailure(input: FailoverInput): NextStep {
  const { failure } = input;
  if (failure.kind === 'status' && !isFailoverStatus(failure.status)) return { action: 'return' };
  if (
    failure.kind === 'status' &&
    failure.retryAfterMs !== null &&
    failure.retryAfterMs <= input.maxWaitMs &&
    !input.retriedSame
  ) {
    return { action: 'retry_same', delayMs: failure.retryAfterMs };
  }
  return input.hasNext ? { action: 'next' } : { action: 'return' };
}

/**
 * `retry-after-ms` (Anthropic's precise variant) or `retry-after` as seconds or an HTTP date, in
 * milliseconds from `nowMs`; null when absent or unreadable.
 */
export function retryAfterMs(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  nowMs: number,
): number | null {
  const precise = first(headers['retry-after-ms']);
  if (precise !== undefined && /^\d+(\.\d+)?$/.test(precise.trim())) return Math.ceil(Number(precise));
  const value = first(headers['retry-after'])?.trim();
  if (value === undefined || value === '') return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** Whether a transport error from undici is a timeout (504) rather than a refused/reset connection (502). */
export function isTimeoutError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && TIMEOUT_CODES.has(code);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
