import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { HttpMeasurement } from './results';
import { percentile, summarize, type LatencySummary } from './stats';

/** One endpoint the paced load is sent to. */
export interface PacedTarget {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface PacedLoad {
  /** Measured in turns: round 1 of each target, then round 2 of each, … (see generatePacedLoad). */
  readonly targets: readonly PacedTarget[];
  /** Requests per second, sent evenly spaced whatever the answers do (an open loop). */
  readonly rps: number;
  /** Length of one target's turn. */
  readonly roundSec: number;
  readonly rounds: number;
  /** Untimed run of each target first, so connection pools, JIT and the proxy's caches are warm. */
  readonly warmupSec: number;
  /** Keep-alive connections per target; enough that a request never waits for one. */
  readonly connections: number;
  readonly timeoutSec: number;
}

/** How far behind its schedule the generator sent requests; large values void the run. */
export type ScheduleLag = NonNullable<HttpMeasurement['scheduleLag']>;

/** What the measured rounds of one target add up to, before the proxy's usage is added. */
export interface PacedRun {
  readonly requests: number;
  readonly errors: number;
  readonly durationSec: number;
  readonly latency: LatencySummary;
  readonly scheduleLag: ScheduleLag;
}

/** Reported as each measured round of a target starts and ends (the driver meters the proxy). */
export type PacedRoundEvent = {
  readonly type: 'round-start' | 'round-end';
  readonly target: number;
};

interface RawRound {
  readonly latenciesMs: number[];
  readonly lagsMs: number[];
  readonly ok: number;
  readonly failed: number;
  readonly elapsedSec: number;
}

// The scheduler wakes at most this often; requests that fell due in between go out at the wake-up.
const TICK_MS = 1;

/**
 * Sends `rps` requests per second for `durationSec`, request n at `n / rps` seconds, without
 * waiting for earlier answers (autocannon's `overallRate` instead sends each connection's quota
 * for the second back to back, so "1,000 req/s" becomes a burst at 20-way concurrency at the top
 * of every second: a throughput test, not a latency test at a rate). Latency is measured from the
 * moment the request is handed to the client until the whole response body has arrived; the
 * client queues a request only if every connection is busy, and that wait counts too.
 */
async function fire(
  pool: Pool,
  target: PacedTarget,
  rps: number,
  durationSec: number,
): Promise<RawRound> {
  const url = new URL(target.url);
  const path = url.pathname + url.search;
  const body = Buffer.from(target.body);
  const headers = { ...target.headers, 'content-length': String(body.length) };
  const total = Math.round(rps * durationSec);
  const latenciesMs: number[] = [];
  const lagsMs: number[] = [];
  let ok = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (): void => {
    const sentAt = performance.now();
    const done = pool
      .request({ method: 'POST', path, headers, body })
      .then(async (response) => {
        await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
        if (response.statusCode >= 200 && response.statusCode < 300) {
          ok += 1;
          latenciesMs.push(performance.now() - sentAt);
        } else failed += 1;
      })
      .catch(() => {
        failed += 1;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const startedAt = performance.now();
  const intervalMs = 1000 / rps;
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor((now - startedAt) / intervalMs) + 1);
    for (; sent < due; sent++) {
      lagsMs.push(performance.now() - (startedAt + sent * intervalMs));
      send();
    }
    if (sent < total) {
      const nextAt = startedAt + sent * intervalMs;
      await sleep(Math.max(TICK_MS, nextAt - performance.now()));
    }
  }
  await Promise.allSettled([...inFlight]);
  return { latenciesMs, lagsMs, ok, failed, elapsedSec: (performance.now() - startedAt) / 1000 };
}

/**
 * Warms every target up, then measures them in interleaved rounds (A B C, A B C, …), one pool per
 * target so each round starts on open connections. On a shared machine, stalls that come from
 * outside the process under test (other processes, the hypervisor) land in every target's rounds
 * alike instead of in whichever target happened to be measured at the time. Runs in the
 * generator's own process (paced-load-process.ts); see measurePacedLoad.
 */
export async function generatePacedLoad(
  load: PacedLoad,
  onRound: (event: PacedRoundEvent) => void = () => undefined,
): Promise<PacedRun[]> {
  const pools = load.targets.map(
    (target) =>
      new Pool(new URL(target.url).origin, {
        connections: load.connections,
        pipelining: 1,
        headersTimeout: load.timeoutSec * 1000,
        bodyTimeout: load.timeoutSec * 1000,
      }),
  );
  try {
    if (load.warmupSec > 0) {
      for (const [index, target] of load.targets.entries())
        await fire(pools[index], target, load.rps, load.warmupSec);
    }
    const rounds: RawRound[][] = load.targets.map(() => []);
    for (let round = 0; round < load.rounds; round++) {
      for (const [index, target] of load.targets.entries()) {
        onRound({ type: 'round-start', target: index });
        rounds[index].push(await fire(pools[index], target, load.rps, load.roundSec));
        onRound({ type: 'round-end', target: index });
      }
    }
    return rounds.map(pooledRun);
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

function pooledRun(rounds: readonly RawRound[]): PacedRun {
  const lags = Float64Array.from(rounds.flatMap((r) => r.lagsMs)).sort();
  return {
    requests: rounds.reduce((sum, r) => sum + r.ok, 0),
    errors: rounds.reduce((sum, r) => sum + r.failed, 0),
    durationSec: rounds.reduce((sum, r) => sum + r.elapsedSec, 0),
    latency: summarize(rounds.flatMap((r) => r.latenciesMs)),
    scheduleLag: {
      p99Ms: percentile(Array.from(lags), 99),
      maxMs: lags[lags.length - 1] ?? Number.NaN,
    },
  };
}

/** The HTTP measurement of a paced run, with the proxy's usage over its measured rounds. */
export function pacedMeasurement(run: PacedRun, proxy?: HttpMeasurement['proxy']): HttpMeasurement {
  return {
    status: 'ok',
    requests: run.requests,
    errors: run.errors,
    durationSec: run.durationSec,
    throughputRps: run.requests / run.durationSec,
    latency: run.latency,
    scheduleLag: run.scheduleLag,
    ...(proxy === undefined ? {} : { proxy }),
  };
}
