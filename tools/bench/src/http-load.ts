import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessMeter, type ProcessUsage } from './process-meter';
import type { HttpMeasurement } from './results';
import { summarize } from './stats';

export interface HttpLoad {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  readonly durationSec: number;
  /** Untimed run first, so connection pools, JIT and the proxy's caches are warm. */
  readonly warmupSec: number;
  /** Seconds before a request counts as timed out. */
  readonly timeoutSec: number;
}

interface RawRun {
  readonly latenciesMs: number[];
  readonly ok: number;
  readonly failed: number;
  readonly elapsedSec: number;
}

// autocannon's own histogram keeps whole milliseconds; the per-response event carries the
// hrtime-based duration with microsecond resolution, which a 1 ms target needs.
function fire(load: HttpLoad, durationSec: number): Promise<RawRun> {
  return new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    let ok = 0;
    let failed = 0;
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: load.url,
        method: 'POST',
        headers: load.headers,
        body: load.body,
        connections: load.connections,
        duration: durationSec,
        timeout: load.timeoutSec,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({
          latenciesMs,
          ok,
          // Socket errors and timeouts never produce a response event, so they come from the result.
          failed: failed + result.errors + result.timeouts,
          elapsedSec: Number(process.hrtime.bigint() - started) / 1e9,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        ok += 1;
        latenciesMs.push(responseTime);
      } else failed += 1;
    });
  });
}

/** Runs the load against `url`, metering `proxyPid` (the process under test) when given. */
export async function measureHttpLoad(load: HttpLoad, proxyPid?: number): Promise<HttpMeasurement> {
  if (load.warmupSec > 0) await fire(load, load.warmupSec);
  return combineRounds([await meteredRound(load, proxyPid)]);
}

/** A target of an interleaved measurement: its load and the process under test, if any. */
export interface RoundTarget {
  readonly load: HttpLoad;
  readonly pid?: number;
}

interface MeteredRound {
  readonly run: RawRun;
  readonly proxy: ProcessUsage | undefined;
}

async function meteredRound(load: HttpLoad, proxyPid: number | undefined): Promise<MeteredRound> {
  const meter = proxyPid === undefined ? undefined : new ProcessMeter(proxyPid);
  const run = await fire(load, load.durationSec);
  return { run, proxy: meter?.stop() };
}

/**
 * Measures several targets in `rounds` interleaved rounds (A B C, A B C, …) of
 * `load.durationSec` each, after one warm-up per target. On a shared machine whose speed drifts
 * over minutes, adjacent rounds see the same conditions, so per-round ratios between targets are
 * far steadier than one long window per target. Figures pool every round; `roundsRps` keeps each.
 */
export async function measureInterleaved(
  targets: readonly RoundTarget[],
  rounds: number,
): Promise<HttpMeasurement[]> {
  for (const target of targets)
    if (target.load.warmupSec > 0) await fire(target.load, target.load.warmupSec);
  const measured: MeteredRound[][] = targets.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, target] of targets.entries()) {
      measured[index].push(await meteredRound(target.load, target.pid));
      // Let closed sockets drain before the next target is loaded.
      await sleep(500);
    }
  }
  return measured.map(combineRounds);
}

function combineRounds(rounds: readonly MeteredRound[]): HttpMeasurement {
  const ok = rounds.reduce((sum, r) => sum + r.run.ok, 0);
  const elapsedSec = rounds.reduce((sum, r) => sum + r.run.elapsedSec, 0);
  const meters = rounds.flatMap((r) => (r.proxy === undefined ? [] : [r.proxy]));
  const proxy: ProcessUsage | undefined =
    meters.length === 0
      ? undefined
      : {
          peakRssBytes: Math.max(...meters.map((m) => m.peakRssBytes)),
          cpuCores: Math.min(...meters.map((m) => m.cpuCores)),
        };
  return {
    status: 'ok',
    requests: ok,
    errors: rounds.reduce((sum, r) => sum + r.run.failed, 0),
    durationSec: elapsedSec,
    throughputRps: ok / elapsedSec,
    latency: summarize(rounds.flatMap((r) => r.run.latenciesMs)),
    ...(rounds.length > 1 ? { roundsRps: rounds.map((r) => r.run.ok / r.run.elapsedSec) } : {}),
    ...(proxy === undefined ? {} : { proxy }),
  };
}
