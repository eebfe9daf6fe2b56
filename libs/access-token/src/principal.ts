import type { AccessTokenClaims, PrincipalType } from './access-token-claims';

/** How the caller proved who it is. */
export type CredentialKind = 'access_token' | 'api_key';

/**
 * The typed identity the proxy attaches to a request once its credential is verified. Instances are
 * frozen because a verified principal is cached and shared between requests.
 */
export interface Principal {
  readonly principalType: PrincipalType;
  readonly credential: CredentialKind;
  /** The token's `sub`: a user id, or the service account id for service accounts. */
  readonly userId: string;
  /** Login session (`sid`); null for API keys, which have no session. */
  readonly sessionId: string | null;
  readonly orgId: string;
  readonly teamId: string | null;
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  /** API key scopes; empty for access tokens, whose permissions come from `roles`. */
  readonly scopes: readonly string[];
  readonly email: string | null;
  readonly name: string | null;
  /** `jti` of the access token, or the key id of an API key: safe to log, unlike the credential. */
  readonly credentialId: string;
  readonly billingGroupTag: string | null;
  /** When the credential was issued (`iat`); revocation cut-offs compare against it. */
  readonly issuedAt: Date;
  /** When the credential stops working; null for API keys without an expiry. */
  readonly tokenExpiresAt: Date | null;
}

export function principalFromClaims(claims: AccessTokenClaims): Principal {
  return Object.freeze({
    principalType: claims.principal_type,
    credential: 'access_token',
    userId: claims.sub,
    sessionId: claims.sid,
    orgId: claims.org,
    teamId: claims.team ?? null,
    roles: Object.freeze([...claims.roles]),
    groups: Object.freeze([...claims.groups]),
    scopes: Object.freeze([]),
    email: claims.email ?? null,
    name: claims.name ?? null,
    credentialId: claims.jti,
    billingGroupTag: claims.billing_group_tag ?? null,
    issuedAt: new Date(claims.iat * 1000),
    tokenExpiresAt: new Date(claims.exp * 1000),
  } satisfies Principal);
}
