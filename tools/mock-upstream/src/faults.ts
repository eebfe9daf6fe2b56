import { MockUpstreamError, MockUpstreamErrorCode } from './errors';

/**
 * Faults the mock can inject. Request header `x-mock-fault` (or env MOCK_FAULT for every request,
 * with probability MOCK_FAULT_RATE) takes one of:
 *   429[:retryAfterSeconds]   rate limit          529   overloaded       500   internal error
 *   400                       prompt too long     413   request too large
 *   reset-mid-stream[:N]      destroy the socket after N stream events (default 2)
 *   error-mid-stream[:N]      send an overloaded error event after N events (default 2)
 *   slow-first-byte[:ms]      delay the response headers (default 2000 ms)
 *   hang                      never answer
 * Any of them may end in `-then-ok:K`: only the first K requests with the same `x-mock-fault-key`
 * (per route) fail; later ones succeed. That drives retry and failover tests.
 */
export type FaultKind =
  | 'rate-limit'
  | 'overloaded'
  | 'api-error'
  | 'prompt-too-long'
  | 'request-too-large'
  | 'reset-mid-stream'
  | 'error-mid-stream'
  | 'slow-first-byte'
  | 'hang';

export interface Fault {
  kind: FaultKind;
  /** Retry-after seconds, event count or delay in ms, depending on the kind. */
  arg: number;
}

export interface FaultSpec {
  fault: Fault;
  /** Only the first `failFirst` matching requests fail; undefined means every one. */
  failFirst?: number;
}

const KINDS: Record<string, { kind: FaultKind; defaultArg: number }> = {
  '429': { kind: 'rate-limit', defaultArg: 1 },
  '529': { kind: 'overloaded', defaultArg: 0 },
  '500': { kind: 'api-error', defaultArg: 0 },
  '400': { kind: 'prompt-too-long', defaultArg: 0 },
  '413': { kind: 'request-too-large', defaultArg: 0 },
  'reset-mid-stream': { kind: 'reset-mid-stream', defaultArg: 2 },
  'error-mid-stream': { kind: 'error-mid-stream', defaultArg: 2 },
  'slow-first-byte': { kind: 'slow-first-byte', defaultArg: 2000 },
  hang: { kind: 'hang', defaultArg: 0 },
};

const THEN_OK = /^(.+)-then-ok:(\d+)$/;

export function parseFaultSpec(text: string): FaultSpec {
  const spec = text.trim();
  const thenOk = THEN_OK.exec(spec);
  const base = thenOk ? thenOk[1] : spec;
  const [name, rawArg, ...rest] = base.split(':');
  const known = KINDS[name];
  if (!known || rest.length > 0) throw invalid(spec);
  let arg = known.defaultArg;
  if (rawArg !== undefined) {
    if (!/^\d+$/.test(rawArg)) throw invalid(spec);
    arg = Number(rawArg);
  }
  const fault: Fault = { kind: known.kind, arg };
  return thenOk ? { fault, failFirst: Number(thenOk[2]) } : { fault };
}

function invalid(spec: string): MockUpstreamError {
  return new MockUpstreamError(
    MockUpstreamErrorCode.InvalidFaultSpec,
    `unknown fault "${spec}" (see tools/mock-upstream/README.md)`,
  );
}

export interface FaultInjectorOptions {
  /** Applied to requests without an `x-mock-fault` header. */
  globalSpec?: FaultSpec;
  /** Probability (0..1) that the global fault applies to a request. */
  globalRate: number;
  random: () => number;
}

export interface FaultRequest {
  route: string;
  headerSpec: string | undefined;
  key: string | undefined;
}

export class FaultInjector {
  private readonly counters = new Map<string, number>();
  private readonly parsed = new Map<string, FaultSpec>();

  constructor(private readonly options: FaultInjectorOptions) {}

  reset(): void {
    this.counters.clear();
  }

  /** Throws MockUpstreamError(InvalidFaultSpec) when the header is malformed. */
  decide(request: FaultRequest): Fault | undefined {
    if (request.headerSpec !== undefined && request.headerSpec !== '') {
      const spec = this.parseCached(request.headerSpec);
      return this.countDown(spec, `${request.route}|${request.key ?? request.headerSpec}`);
    }
    const global = this.options.globalSpec;
    if (!global || this.options.random() >= this.options.globalRate) return undefined;
    return this.countDown(global, `${request.route}|global`);
  }

  private countDown(spec: FaultSpec, counterKey: string): Fault | undefined {
    if (spec.failFirst === undefined) return spec.fault;
    const seen = (this.counters.get(counterKey) ?? 0) + 1;
    this.counters.set(counterKey, seen);
    return seen <= spec.failFirst ? spec.fault : undefined;
  }

  // Benchmarks send the same header on thousands of requests; parse each distinct value once.
  private parseCached(text: string): FaultSpec {
    let spec = this.parsed.get(text);
    if (!spec) {
      spec = parseFaultSpec(text);
      if (this.parsed.size < 1000) this.parsed.set(text, spec);
    }
    return spec;
  }
}
