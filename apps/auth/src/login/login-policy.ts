import type { MappedIdentity } from './claim-mapping';
import { LoginError, LoginErrorCode } from './login-error';

/** Who may sign in; from OIDC_ALLOWED_DOMAINS, OIDC_ALLOWED_GROUPS, OIDC_REQUIRE_* (config.ts). */
export interface LoginPolicy {
  /** Lowercase domains; empty = any domain. */
  allowedDomains: readonly string[];
  /** Group names; empty = any group. */
  allowedGroups: readonly string[];
  /** Refuse a login whose groups claim is missing (implied by a non-empty allowedGroups). */
  requireGroupsClaim: boolean;
  requireMfa: boolean;
  /** `amr` values that count as a second factor (RFC 8176), e.g. `mfa`, `hwk`, `otp`. */
  mfaAmrValues: readonly string[];
  /** `acr` values that count as a second factor (IdP-specific, e.g. Okta `urn:okta:loa:2fa:any`). */
  mfaAcrValues: readonly string[];
  /** Where the groups claim is looked up, for the message when it is missing. */
  groupsClaim: string;
  emailClaim: string;
}

/** A person who passed the policy: email and groups are known. */
export interface AdmittedIdentity extends MappedIdentity {
  email: string;
  groups: string[];
}

/**
 * Applies the sign-in policy and returns the identity with its email and groups settled, or
 * throws a LoginError whose message names the rule (and the claim) that refused it.
 */
export function admitIdentity(identity: MappedIdentity, policy: LoginPolicy): AdmittedIdentity {
  const email = identity.email;
  if (email === undefined || !email.includes('@')) {
    throw new LoginError(
      LoginErrorCode.CLAIM_MISSING,
      `The identity provider sent no email address in the "${policy.emailClaim}" claim (ID token or userinfo); set OIDC_CLAIM_EMAIL to where it puts the email.`,
    );
  }
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (policy.allowedDomains.length > 0) {
    if (!policy.allowedDomains.includes(domain)) {
      throw new LoginError(
        LoginErrorCode.DOMAIN_NOT_ALLOWED,
        `Accounts from ${domain} may not sign in to this gateway; allowed domains: ${policy.allowedDomains.join(', ')}.`,
      );
    }
    // A domain allowlist is only as good as the IdP's proof that the address is the person's.
    if (identity.emailVerified === false) {
      throw new LoginError(
        LoginErrorCode.DOMAIN_NOT_ALLOWED,
        `The identity provider marks ${email} as unverified (email_verified is false).`,
      );
    }
  }
  const groupsRequired = policy.requireGroupsClaim || policy.allowedGroups.length > 0;
  if (identity.groups === undefined && groupsRequired) {
    throw new LoginError(
      LoginErrorCode.CLAIM_MISSING,
      `The identity provider sent no groups claim "${policy.groupsClaim}" (checked the ID token and userinfo), and this gateway requires groups; configure the IdP to release it or set OIDC_CLAIM_GROUPS.`,
    );
  }
  const groups = identity.groups ?? [];
  if (policy.allowedGroups.length > 0 && !groups.some((g) => policy.allowedGroups.includes(g))) {
    throw new LoginError(
      LoginErrorCode.GROUP_NOT_ALLOWED,
      `${email} is in none of the groups allowed to sign in (${policy.allowedGroups.join(', ')}).`,
    );
  }
  if (policy.requireMfa && !hasSecondFactor(identity, policy)) {
    throw new LoginError(
      LoginErrorCode.MFA_REQUIRED,
      `This gateway requires multi-factor sign-in, and the identity provider reports none for ${email} (amr: ${identity.amr.join(',') || 'none'}, acr: ${identity.acr ?? 'none'}). Sign in again with a second factor.`,
    );
  }
  return { ...identity, email, groups };
}

function hasSecondFactor(identity: MappedIdentity, policy: LoginPolicy): boolean {
  if (identity.amr.some((method) => policy.mfaAmrValues.includes(method))) return true;
  return identity.acr !== undefined && policy.mfaAcrValues.includes(identity.acr);
}
