import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { HttpMeasurement } from './results';
import { percentile, summarize, type LatencySummary } from './stats';

export interface PacedLoad {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Requests per second, sent evenly spaced whatever the answers do (an open loop). */
  readonly rps: number;
  readonly durationSec: number;
  /** Untimed run first, so connection pools, JIT and the proxy's caches are warm. */
  readonly warmupSec: number;
  /** Keep-alive connections the generator may open; enough that a request never waits for one. */
  readonly connections: number;
  readonly timeoutSec: number;
}

/** How far behind its schedule the generator sent requests; large values void the run. */
export type ScheduleLag = NonNullable<HttpMeasurement['scheduleLag']>;

interface RawRun {
  readonly latenciesMs: number[];
  readonly ok: number;
  readonly failed: number;
  readonly elapsedSec: number;
  readonly lag: ScheduleLag;
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
async function fire(pool: Pool, load: PacedLoad, durationSec: number): Promise<RawRun> {
  const url = new URL(load.url);
  const path = url.pathname + url.search;
  const body = Buffer.from(load.body);
  const headers = { ...load.headers, 'content-length': String(body.length) };
  const total = Math.round(load.rps * durationSec);
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
  const intervalMs = 1000 / load.rps;
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
  const elapsedSec = (performance.now() - startedAt) / 1000;
  const sortedLags = Float64Array.from(lagsMs).sort();
  return {
    latenciesMs,
    ok,
    failed,
    elapsedSec,
    lag: {
      p99Ms: percentile(Array.from(sortedLags), 99),
      maxMs: sortedLags[sortedLags.length - 1] ?? Number.NaN,
    },
  };
}

/** What one paced run measured, before the proxy's CPU and memory are added to it. */
export interface PacedRun {
  readonly requests: number;
  readonly errors: number;
  readonly durationSec: number;
  readonly latency: LatencySummary;
  readonly scheduleLag: ScheduleLag;
}

/**
 * Runs the warm-up and then the measured paced load against `url` on one pool, so the measured run
 * starts on open connections; `onMeasuring` is called as the measured run begins. Runs in the
 * generator's own process (paced-load-process.ts), see measurePacedLoad.
 */
export async function generatePacedLoad(
  load: PacedLoad,
  onMeasuring: () => void = () => undefined,
): Promise<PacedRun> {
  const pool = new Pool(new URL(load.url).origin, {
    connections: load.connections,
    pipelining: 1,
    headersTimeout: load.timeoutSec * 1000,
    bodyTimeout: load.timeoutSec * 1000,
  });
  try {
    if (load.warmupSec > 0) await fire(pool, load, load.warmupSec);
    onMeasuring();
    const run = await fire(pool, load, load.durationSec);
    return {
      requests: run.ok,
      errors: run.failed,
      durationSec: run.elapsedSec,
      latency: summarize(run.latenciesMs),
      scheduleLag: run.lag,
    };
  } finally {
    await pool.close();
  }
}

/** The HTTP measurement of a paced run, with the proxy's usage over the measured run. */
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
