/** Latency summary of one scenario, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Nearest-rank percentile of an ascending array: the smallest sample with at least `p` percent
 * of the samples at or below it. Nearest-rank never interpolates, so a reported p99 is a latency
 * some request really had.
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  const total = values.reduce((sum, value) => sum + value, 0);
  return {
    count: values.length,
    mean: values.length === 0 ? Number.NaN : total / values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : values[values.length - 1],
  };
}

/** Latency a proxy adds over the direct path at the same percentile; undefined when either is missing. */
export function addedLatency(
  proxied: LatencySummary | undefined,
  direct: LatencySummary | undefined,
): { p50: number; p99: number } | undefined {
  if (proxied === undefined || direct === undefined) return undefined;
  if (proxied.count === 0 || direct.count === 0) return undefined;
  return { p50: proxied.p50 - direct.p50, p99: proxied.p99 - direct.p99 };
}
