import { DEVICE_CODE_GRANT_TYPE, REFRESH_TOKEN_GRANT_TYPE } from './grant-types';

export interface MetadataOptions {
  /** The auth service's public base URL (AUTH_PUBLIC_URL); every endpoint is on its origin. */
  readonly publicUrl: string;
  /** Whether a DeviceCodeGrant is wired; without one the device grant is not advertised. */
  readonly deviceGrant: boolean;
  /**
   * Hook for the browser-login flow: when it serves an authorization endpoint (loopback + PKCE),
   * it is advertised with the code grant. Claude Code's gateway login expects none.
   */
  readonly authorizationEndpoint?: string;
}

/**
 * RFC 8414 authorization server metadata, as Claude Code reads it: `device_authorization_endpoint`,
 * `token_endpoint` and `revocation_endpoint` as absolute URLs on the same origin as the base URL.
 */
export function authorizationServerMetadata(options: MetadataOptions): Record<string, unknown> {
  const base = options.publicUrl.replace(/\/+$/, '');
  const grants = [
    ...(options.authorizationEndpoint === undefined ? [] : ['authorization_code']),
    ...(options.deviceGrant ? [DEVICE_CODE_GRANT_TYPE] : []),
    REFRESH_TOKEN_GRANT_TYPE,
  ];
  return {
    issuer: base,
    ...(options.authorizationEndpoint === undefined
      ? {}
      : {
          authorization_endpoint: options.authorizationEndpoint,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        }),
    device_authorization_endpoint: `${base}/oauth/device_authorization`,
    token_endpoint: `${base}/oauth/token`,
    revocation_endpoint: `${base}/oauth/revoke`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    grant_types_supported: grants,
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
  };
}
