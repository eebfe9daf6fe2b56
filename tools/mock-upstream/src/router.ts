import type { Exchange } from './http-util';
import type { MockContext } from './messages-handler';

/** Credentials and catalogue the routes check against; fixed when the server starts. */
export interface RouteConfig {
  /** Expected `x-api-key`; undefined accepts any non-empty key. */
  anthropicApiKey: string | undefined;
  organizationId: string;
  models: ReadonlyArray<{ id: string; display_name: string; created_at: string }>;
  bedrock: {
    /** When both are set, SigV4 signatures are verified, not just checked for shape. */
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    /** Bedrock API key accepted as `Authorization: Bearer`; undefined disables that scheme. */
    apiKey: string | undefined;
  };
  vertex: {
    /** A bearer always accepted, besides the tokens issued by the fake OAuth endpoint. */
    accessToken: string | undefined;
    /** PEM public key; when set, service-account JWT assertions must be signed with its private key. */
    serviceAccountPublicKey: string | undefined;
  };
}

export interface ServerContext extends MockContext {
  config: RouteConfig;
  /** Access tokens issued by the fake Google token endpoint. */
  issuedVertexTokens: Set<string>;
}

export interface RouteDef {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Key under which requests are counted in stats and fault counters. */
  name: string;
  handle(ctx: ServerContext, exchange: Exchange, params: string[]): Promise<void> | void;
}

/** Finds the route for a request; patterns are tried in order, so list specific ones first. */
export function matchRoute(
  routes: readonly RouteDef[],
  method: string,
  path: string,
): { route: RouteDef; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return undefined;
}
