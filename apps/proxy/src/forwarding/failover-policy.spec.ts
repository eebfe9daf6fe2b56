import { countsAsUpstreamFailure, decideAfterFailure, isTimeoutError, retryAfterMs } from './failover-policy';

const status = (code: number, retryAfter: number | null = null) =>
  ({ kind: 'status', status: code, retryAfterMs: retryAfter }) as const;

describe('failover policy', () => {
  it.each([429, 500, 502, 503, 529])('fails over on %i when another upstream is left', (code) => {
    expect(decideAfterFailure({ failure: status(code), hasNext: true, retriedSame: false, maxWaitMs: 1_000 })).toEqual({
      action: 'next',
    });
    expect(countsAsUpstreamFailure(status(code))).toBe(true);
  });

  it.each([400, 401, 403, 404, 413])('returns %i to the client without trying elsewhere', (code) => {
    expect(decideAfterFailure({ failure: status(code), hasNext: true, retriedSame: false, maxWaitMs: 1_000 })).toEqual({
      action: 'return',
    });
    expect(countsAsUpstreamFailure(status(code))).toBe(false);
  });

  it('waits out a short retry-after once on the same upstream, then moves on', () => {
    const failure = status(429, 300);
    expect(decideAfterFailure({ failure, hasNext: true, retriedSame: false, maxWaitMs: 1_000 })).toEqual({
      action: 'retry_same',
      delayMs: 300,
    });
    expect(decideAfterFailure({ failure, hasNext: true, retriedSame: true, maxWaitMs: 1_000 })).toEqual({ action: 'next' });
  });

  it('fails over instead of waiting for a long retry-after, and returns it when nothing is left', () => {
    const failure = status(529, 30_000);
    expect(decideAfterFailure({ failure, hasNext: true, retriedSame: false, maxWaitMs: 1_000 })).toEqual({ action: 'next' });
    expect(decideAfterFailure({ failure, hasNext: false, retriedSame: false, maxWaitMs: 1_000 })).toEqual({ action: 'return' });
  });

  it('fails over on network errors and classifies timeouts', () => {
    const failure = { kind: 'network', timeout: false } as const;
    expect(decideAfterFailure({ failure, hasNext: true, retriedSame: false, maxWaitMs: 0 })).toEqual({ action: 'next' });
    expect(countsAsUpstreamFailure(failure)).toBe(true);
    expect(isTimeoutError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBe(true);
    expect(isTimeoutError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isTimeoutError('nope')).toBe(false);
  });

  it('reads retry-after-ms, seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3_000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5_000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeNull();
    expect(retryAfterMs({}, now)).toBeNull();
  });
});
