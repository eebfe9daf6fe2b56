import { setTimeout as sleep } from 'node:timers/promises';
import { incompleteReason } from './complete-response';

export interface SteadyLoadOptions {
  readonly proxyUrl: string;
  /** A gateway access token (the dev signer's). */
  readonly token: string;
  readonly model: string;
  readonly ratePerSec: number;
  /** Requests in flight at most; when all are busy the rate drops rather than queueing without bound. */
  readonly concurrency: number;
  /** Longest a single request may take before it counts as failed. */
  readonly requestTimeoutMs: number;
}

export interface ServedRequest {
  /** `x-gatehouse-request-id`, which is also the usage event's `requestId`. */
  readonly requestId: string;
  readonly stream: boolean;
  /** Epoch ms when the last byte arrived. */
  readonly finishedAt: number;
}

export interface FailedRequest {
  readonly index: number;
  readonly stream: boolean;
  readonly finishedAt: number;
  readonly reason: string;
}

export interface LoadReport {
  readonly attempted: number;
  readonly served: readonly ServedRequest[];
  readonly failures: readonly FailedRequest[];
  readonly durationMs: number;
}

export interface SteadyLoad {
  servedCount(): number;
  /** Stops sending, waits for the requests in flight and reports every outcome. */
  stop(): Promise<LoadReport>;
}

/**
 * A bounded client loop against `/v1/messages`: requests start at a fixed rate (at most
 * `concurrency` at once), alternating streaming and non-streaming, and each one counts as served
 * only with status 200, a request id and a complete body or stream.
 */
export function startSteadyLoad(options: SteadyLoadOptions): SteadyLoad {
  const served: ServedRequest[] = [];
  const failures: FailedRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  const startedAt = Date.now();
  let attempted = 0;
  let running = true;

  const fire = (index: number): void => {
    const stream = index % 2 === 0;
    const request = sendOne(options, index, stream).then((outcome) => {
      if ('requestId' in outcome) served.push(outcome);
      else failures.push(outcome);
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };

  const loop = (async () => {
    const intervalMs = 1000 / options.ratePerSec;
    let next = performance.now();
    while (running) {
      while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      fire(attempted);
      attempted += 1;
      next += intervalMs;
      const wait = next - performance.now();
      // After a stall, carry on at the normal rate instead of bursting to catch up.
      if (wait > 0) await sleep(wait);
      else if (wait < -1_000) next = performance.now();
    }
    await Promise.all(inFlight);
  })();

  return {
    servedCount: () => served.length,
    stop: async () => {
      running = false;
      await loop;
      return { attempted, served, failures, durationMs: Date.now() - startedAt };
    },
  };
}

async function sendOne(
  options: SteadyLoadOptions,
  index: number,
  stream: boolean,
): Promise<ServedRequest | FailedRequest> {
  const failed = (reason: string): FailedRequest => ({
    index,
    stream,
    finishedAt: Date.now(),
    reason,
  });
  try {
    const response = await fetch(`${options.proxyUrl}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': options.token,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: options.model,
        max_tokens: 64,
        stream,
        messages: [{ role: 'user', content: `broker outage load request ${index}` }],
      }),
      signal: AbortSignal.timeout(options.requestTimeoutMs),
    });
    const body = await response.text();
    if (response.status !== 200) return failed(`status ${response.status}: ${body.slice(0, 200)}`);
    const requestId = response.headers.get('x-gatehouse-request-id');
    if (requestId === null) return failed('no x-gatehouse-request-id header');
    const incomplete = incompleteReason(body, stream);
    if (incomplete !== undefined) return failed(incomplete);
    return { requestId, stream, finishedAt: Date.now() };
  } catch (error) {
    return failed(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}
