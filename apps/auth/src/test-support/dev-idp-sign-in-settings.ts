import {
  signInSettingsFrom,
  type SignInConfig,
  type SignInSettings,
} from '../login/sign-in-config';

/**
 * Sign-in settings for the dev IdP's `gatehouse-dev` client: email, name and groups claims, no
 * domain or group allow-lists and no MFA requirement, so each test states only what it changes.
 */
export function devIdpSignInSettings(
  options: { issuer: string; publicUrl: string; orgId: string },
  overrides: Partial<SignInConfig> = {},
): SignInSettings {
  const settings = signInSettingsFrom({
    AUTH_PUBLIC_URL: options.publicUrl,
    AUTH_ORG_ID: options.orgId,
    OIDC_ISSUER: options.issuer,
    OIDC_CLIENT_ID: 'gatehouse-dev',
    OIDC_CLIENT_SECRET: 'dev-secret',
    OIDC_SCOPES: ['openid', 'email', 'profile', 'groups'],
    OIDC_CLAIM_EMAIL: 'email',
    OIDC_CLAIM_NAME: 'name',
    OIDC_CLAIM_GROUPS: 'groups',
    OIDC_ALLOWED_DOMAINS: [],
    OIDC_ALLOWED_GROUPS: [],
    OIDC_REQUIRE_GROUPS_CLAIM: false,
    OIDC_REQUIRE_MFA: false,
    OIDC_MFA_AMR: ['mfa'],
    OIDC_MFA_ACR: [],
    ...overrides,
  });
  if (settings === undefined) throw new Error('sign-in settings expected');
  return settings;
}
