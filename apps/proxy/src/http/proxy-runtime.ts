import type { PriceCatalog } from '@gatehouse/pricing';
import type { AccessLogger } from './access-log';
import type { UsageEventSink } from '../accounting/usage-event-sink';
import type { CallerAuthenticator } from '../auth/caller-authenticator';
import type { UpstreamEndpointRuntime } from '../forwarding/upstream-endpoint';
import type { UpstreamForwarder } from '../forwarding/upstream-forwarder';
import type { RouteTable } from '../routing/route-table';

export interface ProxyLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Everything the request path reads, built once at startup (see proxy-composition.ts). */
export interface ProxyRuntime {
  readonly authenticator: CallerAuthenticator;
  readonly routes: RouteTable<UpstreamEndpointRuntime>;
  readonly forwarder: UpstreamForwarder;
  readonly usage: UsageEventSink;
  readonly catalog: PriceCatalog;
  /** Serialised `/v1/models` answer. */
  readonly modelsBody: Buffer;
  /** Model ids named in "not available" messages. */
  readonly availableModelsText: string;
  readonly keepAlivePingMs: number;
  /** Null when `PROXY_ACCESS_LOG` is off. */
  readonly accessLog: AccessLogger | null;
  readonly logger: ProxyLogger;
}
