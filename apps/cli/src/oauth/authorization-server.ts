import { getJson, type OAuthTransport } from './oauth-transport';

/** The endpoints the CLI uses, resolved from RFC 8414 metadata with the gateway protocol's rules. */
export interface AuthorizationServerEndpoints {
  deviceAuthorization: string;
  token: string;
  revocation?: string;
  /** Only when the server advertises one: enables the loopback + PKCE browser login. */
  authorization?: string;
}

const METADATA_PATH = '/.well-known/oauth-authorization-server';

/**
 * Applies the discovery rules Claude Code uses: an advertised endpoint is used only when it is an
 * absolute URL on the same origin as the base URL; otherwise the default path under the base is
 * used (device authorization, token) or the feature is skipped (revocation, authorization). That
 * keeps a metadata document that names an internal hostname from sending credentials there.
 */
export function resolveEndpoints(baseUrl: string, metadata: unknown): AuthorizationServerEndpoints {
  const base = trimBase(baseUrl);
  const origin = new URL(base).origin;
  const fields =
    typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
  const sameOrigin = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const url = URL.parse(value);
    return url !== null && url.origin === origin ? url.href : undefined;
  };
  const revocation = sameOrigin(fields.revocation_endpoint);
  const authorization = sameOrigin(fields.authorization_endpoint);
  return {
    deviceAuthorization:
      sameOrigin(fields.device_authorization_endpoint) ?? `${base}/oauth/device_authorization`,
    token: sameOrigin(fields.token_endpoint) ?? `${base}/oauth/token`,
    ...(revocation === undefined ? {} : { revocation }),
    ...(authorization === undefined ? {} : { authorization }),
  };
}

/**
 * Reads the metadata and resolves the endpoints. A server without metadata (404, not JSON) gets
 * the default paths; a server that does not answer at all is an error the caller reports.
 */
export async function discoverEndpoints(
  transport: OAuthTransport,
  baseUrl: string,
): Promise<AuthorizationServerEndpoints> {
  const answer = await getJson(transport, `${trimBase(baseUrl)}${METADATA_PATH}`);
  return resolveEndpoints(baseUrl, answer.status === 200 ? answer.body : undefined);
}

export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
