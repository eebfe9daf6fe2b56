import { addedLatency, percentile, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the sample at the rank ceil(p/100 * n)', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([10, 20, 30], 50)).toBe(20);
  });

  it('never interpolates between samples', () => {
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([1, 2], 51)).toBe(2);
  });

  it('is NaN for no samples and rejects percentiles outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(hundred, 0)).toThrow(RangeError);
    expect(() => percentile(hundred, 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically, not as strings', () => {
    const summary = summarize([10, 9, 100, 2]);
    expect(summary).toEqual({ count: 4, mean: 30.25, p50: 9, p90: 100, p99: 100, max: 100 });
  });

  it('keeps sub-millisecond resolution', () => {
    const summary = summarize([0.25, 0.5, 0.75, 1.125]);
    expect(summary.p50).toBe(0.5);
    expect(summary.max).toBe(1.125);
  });

  it('reports an empty run as zero samples with NaN figures', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.p99).toBeNaN();
    expect(summary.mean).toBeNaN();
  });
});

describe('addedLatency', () => {
  const direct = summarize([1, 1, 1, 2]);
  const proxied = summarize([1.5, 1.5, 1.5, 3.5]);

  it('subtracts the direct percentile from the proxied one', () => {
    expect(addedLatency(proxied, direct)).toEqual({ p50: 0.5, p99: 1.5 });
  });

  it('is undefined when either side has no samples', () => {
    expect(addedLatency(proxied, undefined)).toBeUndefined();
    expect(addedLatency(summarize([]), direct)).toBeUndefined();
  });
});
