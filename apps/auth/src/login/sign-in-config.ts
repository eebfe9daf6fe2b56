import { bool, commaList, secret, url } from '@gatehouse/config';
import { z } from 'zod';
import type { ClaimMapping } from './claim-mapping';
import { LoginError, LoginErrorCode } from './login-error';
import type { LoginPolicy } from './login-policy';
import type { OidcClientSettings } from './oidc-relying-party';

/**
 * Environment of the sign-in flows, spread into the auth service's config schema. OIDC is
 * optional so the service (and its tests) can run without an IdP; without OIDC_ISSUER the
 * sign-in routes are not registered.
 */
export const signInConfigShape = {
  /** Organisation every signed-in user belongs to (one per deployment for now). */
  AUTH_ORG_ID: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/).default('default'),
  OIDC_ISSUER: url({ protocols: ['http', 'https'], example: 'https://acme.okta.com' }).optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: secret(z.string().min(1)).optional(),
  OIDC_SCOPES: commaList('openid,email,profile,groups').transform((scopes) =>
    scopes.length === 0 ? ['openid', 'email', 'profile'] : scopes,
  ),
  /** Flat claim name or JSON pointer (`/realm_access/roles`). */
  OIDC_CLAIM_EMAIL: z.string().trim().min(1).default('email'),
  OIDC_CLAIM_NAME: z.string().trim().min(1).default('name'),
  OIDC_CLAIM_GROUPS: z.string().trim().min(1).default('groups'),
  OIDC_ALLOWED_DOMAINS: commaList('example.com,corp.example.com'),
  OIDC_ALLOWED_GROUPS: commaList('engineering,platform-admins'),
  OIDC_REQUIRE_GROUPS_CLAIM: bool().default(false),
  OIDC_REQUIRE_MFA: bool().default(false),
  OIDC_MFA_AMR: commaList('mfa,hwk,otp').transform((values) => (values.length === 0 ? ['mfa'] : values)),
  OIDC_MFA_ACR: commaList('urn:okta:loa:2fa:any'),
};

/** The sign-in variables plus AUTH_PUBLIC_URL (declared in config.ts: tokens use it as `iss`). */
export type SignInConfig = z.output<z.ZodObject<typeof signInConfigShape>> & {
  AUTH_PUBLIC_URL: string;
};

export interface SignInSettings {
  publicUrl: string;
  orgId: string;
  /** The `idpId` recorded on login events. */
  idpId: string;
  client: OidcClientSettings;
  policy: LoginPolicy;
  secureCookies: boolean;
}

/** The settings of the configured issuer, or undefined when OIDC_ISSUER is not set. */
export function signInSettingsFrom(config: SignInConfig): SignInSettings | undefined {
  if (config.OIDC_ISSUER === undefined) return undefined;
  if (config.OIDC_CLIENT_ID === undefined || config.OIDC_CLIENT_SECRET === undefined) {
    throw new LoginError(
      LoginErrorCode.DISCOVERY_INVALID,
      'OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required',
    );
  }
  const publicUrl = config.AUTH_PUBLIC_URL.replace(/\/+$/, '');
  const claims: ClaimMapping = {
    email: config.OIDC_CLAIM_EMAIL,
    name: config.OIDC_CLAIM_NAME,
    groups: config.OIDC_CLAIM_GROUPS,
  };
  return {
    publicUrl,
    orgId: config.AUTH_ORG_ID,
    idpId: 'oidc',
    secureCookies: publicUrl.startsWith('https:'),
    client: {
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      redirectUri: `${publicUrl}/auth/callback`,
      scopes: config.OIDC_SCOPES,
      claims,
    },
    policy: {
      allowedDomains: config.OIDC_ALLOWED_DOMAINS.map((domain) => domain.toLowerCase()),
      allowedGroups: config.OIDC_ALLOWED_GROUPS,
      requireGroupsClaim: config.OIDC_REQUIRE_GROUPS_CLAIM,
      requireMfa: config.OIDC_REQUIRE_MFA,
      mfaAmrValues: config.OIDC_MFA_AMR,
      mfaAcrValues: config.OIDC_MFA_ACR,
      groupsClaim: claims.groups,
      emailClaim: claims.email,
    },
  };
}
