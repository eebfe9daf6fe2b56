import type { DevIdpFaults } from './faults';
import type { DevIdpUser } from './seed/seed-schema';

/**
 * Which claims each scope releases; the provider filters every ID token and userinfo response
 * through this map. `acr`, `amr` and `auth_time` ride on `openid` so every ID token carries them
 * (oidc-provider otherwise adds them only when the client asks with the claims parameter).
 */
export const SCOPE_CLAIMS = {
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  email: ['email', 'email_verified'],
  profile: ['name'],
  groups: ['groups'],
} as const;

export const SUPPORTED_SCOPES = ['openid', 'email', 'profile', 'groups', 'offline_access'] as const;

/**
 * Authentication context classes. The names are made up for the dev IdP; real IdPs use their own
 * (Okta `urn:okta:loa:2fa:any`, Keycloak levels) — Gatehouse's MFA rule should rely on `amr`.
 */
export const ACR_PASSWORD = 'urn:gatehouse:dev-idp:acr:pwd';
export const ACR_MFA = 'urn:gatehouse:dev-idp:acr:mfa';

export interface UserClaims {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  groups?: string[];
}

export function userClaims(
  user: DevIdpUser,
  faults: Pick<DevIdpFaults, 'dropGroupsClaim'>,
): UserClaims {
  const claims: UserClaims = {
    sub: user.sub,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
  };
  if (!faults.dropGroupsClaim) claims.groups = [...user.groups];
  return claims;
}

export interface AuthenticationContext {
  acr: string;
  amr: string[];
}

/** What a successful password login proves: users seeded with `mfa` are treated as having passed a second factor too. */
export function authenticationContext(user: DevIdpUser): AuthenticationContext {
  return user.mfa ? { acr: ACR_MFA, amr: ['pwd', 'mfa'] } : { acr: ACR_PASSWORD, amr: ['pwd'] };
}
