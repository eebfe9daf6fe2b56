import type { LoginV1 } from '@gatehouse/contracts';

/** Why a sign-in failed or could not start. docs/adr/0014-sso-login-and-device-flow.md lists each. */
export enum LoginErrorCode {
  /** Discovery at startup failed: the issuer did not answer. */
  ISSUER_UNREACHABLE = 'LOGIN_ISSUER_UNREACHABLE',
  /** The issuer answered with a discovery document Gatehouse cannot use. */
  DISCOVERY_INVALID = 'LOGIN_DISCOVERY_INVALID',
  /** The callback's `state` is unknown, used, expired or from another browser. */
  INVALID_STATE = 'LOGIN_INVALID_STATE',
  /** The IdP refused Gatehouse's client credentials (wrong client id or secret). */
  CLIENT_AUTH_FAILED = 'LOGIN_CLIENT_AUTH_FAILED',
  /** The IdP answered with an error or an unusable token response. */
  IDP_ERROR = 'LOGIN_IDP_ERROR',
  /** The person cancelled at the IdP, or the IdP denied the request. */
  IDP_ACCESS_DENIED = 'LOGIN_IDP_ACCESS_DENIED',
  /** The ID token's signature, issuer, audience, expiry or nonce did not check out. */
  ID_TOKEN_INVALID = 'LOGIN_ID_TOKEN_INVALID',
  /** A claim Gatehouse needs (email, groups) is in neither the ID token nor userinfo. */
  CLAIM_MISSING = 'LOGIN_CLAIM_MISSING',
  /** The email's domain is not in OIDC_ALLOWED_DOMAINS, or the IdP says it is unverified. */
  DOMAIN_NOT_ALLOWED = 'LOGIN_DOMAIN_NOT_ALLOWED',
  /** None of the person's groups is in OIDC_ALLOWED_GROUPS. */
  GROUP_NOT_ALLOWED = 'LOGIN_GROUP_NOT_ALLOWED',
  /** OIDC_REQUIRE_MFA is on and neither `amr` nor `acr` shows a second factor. */
  MFA_REQUIRED = 'LOGIN_MFA_REQUIRED',
  /** The directory has this person deactivated or deleted. */
  USER_INACTIVE = 'LOGIN_USER_INACTIVE',
  /** The directory refused the login for another reason (e.g. a duplicate email). */
  DIRECTORY_REFUSED = 'LOGIN_DIRECTORY_REFUSED',
}

export class LoginError extends Error {
  override readonly name = 'LoginError';

  constructor(
    readonly code: LoginErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type FailureReason = NonNullable<LoginV1['failureReason']>;

/** The `identity.login` failure reason recorded for each code. */
export function failureReasonOf(code: LoginErrorCode): FailureReason {
  switch (code) {
    case LoginErrorCode.INVALID_STATE:
      return 'invalid_state';
    case LoginErrorCode.IDP_ACCESS_DENIED:
    case LoginErrorCode.CLAIM_MISSING:
    case LoginErrorCode.DOMAIN_NOT_ALLOWED:
    case LoginErrorCode.GROUP_NOT_ALLOWED:
    case LoginErrorCode.MFA_REQUIRED:
      return 'access_denied';
    case LoginErrorCode.USER_INACTIVE:
      return 'user_deactivated';
    case LoginErrorCode.DIRECTORY_REFUSED:
      return 'user_not_provisioned';
    case LoginErrorCode.ISSUER_UNREACHABLE:
    case LoginErrorCode.DISCOVERY_INVALID:
    case LoginErrorCode.CLIENT_AUTH_FAILED:
    case LoginErrorCode.IDP_ERROR:
    case LoginErrorCode.ID_TOKEN_INVALID:
      return 'idp_error';
  }
}

/**
 * True when the refusal is about the person (policy), not a fault: a device request refused
 * this way is denied, so the waiting terminal stops instead of polling until it expires.
 */
export function isPolicyRefusal(code: LoginErrorCode): boolean {
  return failureReasonOf(code) === 'access_denied' || code === LoginErrorCode.USER_INACTIVE;
}
