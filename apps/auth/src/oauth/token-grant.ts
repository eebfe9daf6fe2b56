/**
 * The seam between the OAuth token endpoint (`/oauth/token`, apps/auth/src/oauth) and the sign-in
 * flows that create sessions (device grant and browser login, apps/auth/src/login). A flow that
 * authenticated a user against the corporate IdP creates the session through the directory
 * (`SessionStore.createSession`), and the token endpoint turns that session into an access token.
 */

/** RFC 6749 §5.2 / RFC 8628 §3.5 error codes the token endpoint may answer with. */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token';

export interface TokenGrantError {
  readonly ok: false;
  readonly error: TokenErrorCode;
  /** A sentence the user can act on; sent as `error_description`. */
  readonly description: string;
  /** 400 for most errors; 401 for `invalid_grant` on refresh (the deprovisioning hook). */
  readonly status: 400 | 401 | 429;
}

/** A session that a grant produced or refreshed; the token endpoint mints the access token. */
export interface GrantedSession {
  readonly ok: true;
  readonly sessionId: string;
  readonly userId: string;
  /** The opaque refresh token to return (already rotated/stored hashed by the SessionStore). */
  readonly refreshToken: string;
  /** The account that approved the sign-in; Claude Code shows it for confirmation. */
  readonly email: string | null;
}

export type TokenGrantOutcome = GrantedSession | TokenGrantError;

/** Implemented by the device flow: exchanges an approved `device_code` once. */
export interface DeviceCodeGrant {
  exchange(deviceCode: string): Promise<TokenGrantOutcome>;
}

/** The parameters of `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export interface AuthorizationCodeRequest {
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
  readonly clientId: string;
}

/** Implemented by the browser sign-in: redeems an authorization code once, with its PKCE verifier. */
export interface AuthorizationCodeGrant {
  exchange(request: AuthorizationCodeRequest): Promise<TokenGrantOutcome>;
}
