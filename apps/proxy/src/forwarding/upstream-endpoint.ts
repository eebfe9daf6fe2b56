import { Pool } from 'undici';
import type { UpstreamAdapter } from '../upstreams/upstream-adapter';
import { CircuitBreaker } from './circuit-breaker';

export interface UpstreamTransportSettings {
  /** Keep-alive connections per endpoint. */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  /** Time to the response headers: the first-byte timeout. */
  readonly headersTimeoutMs: number;
  /** Longest silence between two body chunks: the idle timeout. */
  readonly bodyTimeoutMs: number;
  readonly failureThreshold: number;
  readonly openMs: number;
}

/**
 * One configured upstream endpoint with everything the request path needs, built once at startup:
 * its adapter, a keep-alive connection pool (no pipelining: one request per connection at a time,
 * so one slow stream never delays another) and its circuit breaker.
 */
export class UpstreamEndpointRuntime {
  readonly pool: Pool;
  readonly breaker: CircuitBreaker;
  /** Path prefix of the endpoint's base URL (`''` or e.g. `/anthropic`), prepended to adapter paths. */
  readonly basePath: string;

  constructor(
    readonly adapter: UpstreamAdapter,
    settings: UpstreamTransportSettings,
    now?: () => number,
  ) {
    const url = new URL(adapter.endpoint.baseUrl);
    this.basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, {
      connections: settings.connections,
      pipelining: 1,
      connectTimeout: settings.connectTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
      keepAliveTimeout: 30_000,
    });
    this.breaker = new CircuitBreaker({ failureThreshold: settings.failureThreshold, openMs: settings.openMs, now });
  }

  get id(): string {
    return this.adapter.endpoint.id;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
