import { setTimeout as sleep } from 'node:timers/promises';
import { ProxyError, ProxyErrorCode } from '../http/proxy-error';
import type { PlannedTarget, RoutePlan } from '../routing/route-table';
import type { UpstreamCall, UpstreamErrorResponse } from '../upstreams/upstream-adapter';
import { countsAsUpstreamFailure, decideAfterFailure } from './failover-policy';
import { attemptUpstream, type AttemptFailed, type AttemptSuccess } from './upstream-attempt';
import type { UpstreamEndpointRuntime } from './upstream-endpoint';

export type Target = PlannedTarget<UpstreamEndpointRuntime>;

/** The call without the model: each target of the plan has its own spelling of it. */
export type BaseCall = Omit<UpstreamCall, 'upstreamModel'>;

/** How forwarding ended. `target`/`call` name the upstream that answered last, for accounting. */
export type ForwardOutcome =
  | { readonly kind: 'success'; readonly target: Target; readonly call: UpstreamCall; readonly response: AttemptSuccess }
  | { readonly kind: 'upstream_error'; readonly target: Target; readonly call: UpstreamCall; readonly error: UpstreamErrorResponse }
  | { readonly kind: 'gateway_error'; readonly target: Target | null; readonly error: ProxyError }
  | { readonly kind: 'aborted'; readonly target: Target | null };

export interface ForwarderLogger {
  warn(obj: object, msg: string): void;
}

export interface ForwarderOptions {
  /** Longest `retry-after` waited out on the same upstream instead of failing over. */
  readonly retryAfterMaxWaitMs: number;
  readonly headersTimeoutMs: number;
  readonly logger: ForwarderLogger;
}

/**
 * Tries the plan's upstreams in order until one gives a usable answer. Skips upstreams whose
 * circuit is open or that cannot serve the operation; fails over on connect errors, timeouts,
 * 429, 529 and 5xx (see failover-policy.ts). Nothing has been sent to the client while this runs.
 */
export class UpstreamForwarder {
  constructor(private readonly options: ForwarderOptions) {}

  async forward(plan: RoutePlan<UpstreamEndpointRuntime>, base: BaseCall, signal: AbortSignal): Promise<ForwardOutcome> {
    const { targets, model } = plan;
    let last: { target: Target; call: UpstreamCall; failed: AttemptFailed } | null = null;
    let circuitOpenRetryMs: number | null = null;
    for (let index = 0; index < targets.length; index++) {
      const target = targets[index];
      const { endpoint } = target;
      if (!endpoint.adapter.supports(base.operation, target.upstreamModel)) continue;
      if (!endpoint.breaker.tryAcquire()) {
        const wait = endpoint.breaker.retryInMs();
        circuitOpenRetryMs = circuitOpenRetryMs === null ? wait : Math.min(circuitOpenRetryMs, wait);
        continue;
      }
      const call: UpstreamCall = { ...base, upstreamModel: target.upstreamModel };
      let retriedSame = false;
      for (;;) {
        const result = await attemptUpstream(endpoint, call, signal);
        if (result.ok) {
          endpoint.breaker.recordSuccess();
          return { kind: 'success', target, call, response: result };
        }
        if ('aborted' in result) return { kind: 'aborted', target };
        if (countsAsUpstreamFailure(result.failure)) endpoint.breaker.recordFailure();
        else endpoint.breaker.recordSuccess();
        this.logFailure(target, result);
        last = { target, call, failed: result };
        const step = decideAfterFailure({
          failure: result.failure,
          hasNext: index < targets.length - 1,
          retriedSame,
          maxWaitMs: this.options.retryAfterMaxWaitMs,
        });
        if (step.action === 'return') return this.finalFailure(last);
        if (step.action === 'next') break;
        retriedSame = true;
        const waited = await sleep(step.delayMs, true, { signal }).catch(() => false);
        if (!waited) return { kind: 'aborted', target };
        if (!endpoint.breaker.tryAcquire()) break;
      }
    }
    if (last !== null) return this.finalFailure(last);
    if (circuitOpenRetryMs !== null) {
      const seconds = Math.max(1, Math.ceil(circuitOpenRetryMs / 1000));
      return {
        kind: 'gateway_error',
        target: targets[0] ?? null,
        error: new ProxyError(
          ProxyErrorCode.UpstreamsUnavailable,
          `Every upstream for model "${model}" is failing and temporarily taken out of rotation; retry in ${seconds} s.`,
          seconds,
        ),
      };
    }
    return {
      kind: 'gateway_error',
      target: targets[0] ?? null,
      error: new ProxyError(
        ProxyErrorCode.OperationNotSupported,
        `${base.operation === 'count_tokens' ? 'Token counting' : 'This operation'} is not available for model "${model}" on this gateway's upstreams.`,
      ),
    };
  }

  private finalFailure(last: { target: Target; call: UpstreamCall; failed: AttemptFailed }): ForwardOutcome {
    const { target, call, failed } = last;
    if ('error' in failed) return { kind: 'upstream_error', target, call, error: failed.error };
    if ('aborted' in failed) return { kind: 'aborted', target };
    const id = target.endpoint.id;
    const error = failed.failure.timeout
      ? new ProxyError(
          ProxyErrorCode.UpstreamTimeout,
          `The upstream "${id}" did not answer in time (first-byte limit ${Math.round(this.options.headersTimeoutMs / 1000)} s); retry the request.`,
        )
      : new ProxyError(ProxyErrorCode.UpstreamUnreachable, `The upstream "${id}" could not be reached; retry shortly or ask the gateway operator.`);
    return { kind: 'gateway_error', target, error };
  }

  private logFailure(target: Target, failed: AttemptFailed): void {
    if ('aborted' in failed) return;
    const cause = 'cause' in failed ? describe(failed.cause) : undefined;
    const status = 'error' in failed ? failed.error.status : undefined;
    this.options.logger.warn({ upstream: target.endpoint.id, status, cause, breaker: target.endpoint.breaker.current }, 'upstream attempt failed');
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
    return `${code}${error.message}`;
  }
  return String(error);
}
