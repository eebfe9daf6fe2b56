import autocannon from 'autocannon';
import { ProcessMeter } from './process-meter';
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
  /** Requests per second across all connections; unset sends as fast as answers come. */
  readonly overallRate?: number;
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
        ...(load.overallRate === undefined ? {} : { overallRate: load.overallRate }),
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
  const meter = proxyPid === undefined ? undefined : new ProcessMeter(proxyPid);
  const run = await fire(load, load.durationSec);
  const proxy = meter?.stop();
  return {
    status: 'ok',
    requests: run.ok,
    errors: run.failed,
    durationSec: run.elapsedSec,
    throughputRps: run.ok / run.elapsedSec,
    latency: summarize(run.latenciesMs),
    ...(proxy === undefined ? {} : { proxy }),
  };
}
