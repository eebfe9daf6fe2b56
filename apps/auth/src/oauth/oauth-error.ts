import { assertUnreachable } from '@gatehouse/service-kit';
import type { TokenErrorCode } from './token-grant';

/**
 * Error codes the OAuth endpoints answer with (RFC 6749 §5.2, RFC 8628 §3.5, RFC 7009 §2.2.1),
 * sent as `{"error", "error_description"}`. docs/adr/0013-token-issuance.md has the catalogue.
 */
export enum OAuthErrorCode {
  INVALID_REQUEST = 'invalid_request',
  INVALID_GRANT = 'invalid_grant',
  UNSUPPORTED_GRANT_TYPE = 'unsupported_grant_type',
  AUTHORIZATION_PENDING = 'authorization_pending',
  SLOW_DOWN = 'slow_down',
  ACCESS_DENIED = 'access_denied',
  EXPIRED_TOKEN = 'expired_token',
  TEMPORARILY_UNAVAILABLE = 'temporarily_unavailable',
}

/** A complete answer of an OAuth endpoint, independent of the HTTP framework. */
export interface OAuthResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Default HTTP status of each code. `invalid_grant` is 400 per RFC 6749, but the refresh grant
 * answers it with 401 (the gateway protocol's deprovisioning hook), so callers may override.
 */
export function defaultOAuthStatus(code: OAuthErrorCode): number {
  switch (code) {
    case OAuthErrorCode.INVALID_REQUEST:
    case OAuthErrorCode.INVALID_GRANT:
    case OAuthErrorCode.UNSUPPORTED_GRANT_TYPE:
    case OAuthErrorCode.AUTHORIZATION_PENDING:
    case OAuthErrorCode.ACCESS_DENIED:
    case OAuthErrorCode.EXPIRED_TOKEN:
      return 400;
    case OAuthErrorCode.SLOW_DOWN:
      return 429;
    case OAuthErrorCode.TEMPORARILY_UNAVAILABLE:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

export function oauthError(
  code: OAuthErrorCode,
  description: string,
  options: { status?: number; headers?: Record<string, string> } = {},
): OAuthResponse {
  return {
    status: options.status ?? defaultOAuthStatus(code),
    body: { error: code, error_description: description },
    headers: options.headers,
  };
}

/** The grant seam's string codes (token-grant.ts) as catalogue codes. */
export function fromGrantErrorCode(code: TokenErrorCode): OAuthErrorCode {
  switch (code) {
    case 'invalid_request':
      return OAuthErrorCode.INVALID_REQUEST;
    case 'invalid_grant':
      return OAuthErrorCode.INVALID_GRANT;
    case 'unsupported_grant_type':
      return OAuthErrorCode.UNSUPPORTED_GRANT_TYPE;
    case 'authorization_pending':
      return OAuthErrorCode.AUTHORIZATION_PENDING;
    case 'slow_down':
      return OAuthErrorCode.SLOW_DOWN;
    case 'access_denied':
      return OAuthErrorCode.ACCESS_DENIED;
    case 'expired_token':
      return OAuthErrorCode.EXPIRED_TOKEN;
    default:
      return assertUnreachable(code);
  }
}
