/**
 * Why a presented credential was refused. The proxy maps every reason to an Anthropic-shaped error;
 * the catalogue below says which status and whether Claude Code should retry.
 */
export enum TokenRejection {
  /** Not a compact JWS / not an API key of the documented format, or an undecodable part. */
  MALFORMED = 'MALFORMED',
  /** `alg` outside the allowlist (ES256, EdDSA): `none`, HS256 key confusion, RSA. */
  UNSUPPORTED_ALG = 'UNSUPPORTED_ALG',
  /** No `kid`, or a `kid` that no known signing key has (rotated out, or forged). */
  UNKNOWN_KID = 'UNKNOWN_KID',
  /** The signature does not match the header and payload (tampered token). */
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  /** `exp` (or an API key's expiry) has passed. */
  EXPIRED = 'EXPIRED',
  /** `nbf` is in the future. */
  NOT_YET_VALID = 'NOT_YET_VALID',
  /** `iss` is not the configured issuer. */
  WRONG_ISSUER = 'WRONG_ISSUER',
  /** `aud` does not contain the gateway audience. */
  WRONG_AUDIENCE = 'WRONG_AUDIENCE',
  /** Signature fine, but the payload breaks the claims contract (missing `sid`, bad id...). */
  INVALID_CLAIMS = 'INVALID_CLAIMS',
  /** The session, the user's sessions, or the API key were revoked. */
  REVOKED = 'REVOKED',
  /** An API key of the right format that no service account owns. */
  UNKNOWN_KEY = 'UNKNOWN_KEY',
  /**
   * The gateway could not load signing keys at all (JWKS endpoint down before the first fetch).
   * Not the caller's fault, so it must not send the developer back to /login.
   */
  KEYS_UNAVAILABLE = 'KEYS_UNAVAILABLE',
}

export interface RejectionInfo {
  /** Sentence shown to the developer (Claude Code prints `error.message`); never contains the token. */
  readonly message: string;
  /** HTTP status the proxy answers with. */
  readonly httpStatus: 401 | 503;
  /** Anthropic error type for the envelope. */
  readonly errorType: 'authentication_error' | 'api_error';
  /**
   * Value of `x-should-retry`. False makes Claude Code prompt for /login at once instead of
   * retrying for minutes, which is right for every credential problem.
   */
  readonly shouldRetry: boolean;
}

const SIGN_IN_AGAIN = 'run /login in Claude Code or `gatehouse login`';

function unauthorized(message: string): RejectionInfo {
  return { message, httpStatus: 401, errorType: 'authentication_error', shouldRetry: false };
}

/** One catalogue of reasons, messages and HTTP mapping; docs/adr/0010-access-tokens.md mirrors it. */
export const TOKEN_REJECTIONS: Readonly<Record<TokenRejection, RejectionInfo>> = Object.freeze({
  [TokenRejection.MALFORMED]: unauthorized(
    `The bearer credential is not a Gatehouse access token or API key; ${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.UNSUPPORTED_ALG]: unauthorized(
    `The access token uses a signing algorithm Gatehouse does not accept; ${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.UNKNOWN_KID]: unauthorized(
    `The access token was signed by a key this gateway does not know (it may have been rotated out); ${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.BAD_SIGNATURE]: unauthorized(
    `The access token's signature is invalid (the token was altered); ${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.EXPIRED]: unauthorized(`Your Gatehouse session expired; ${SIGN_IN_AGAIN}.`),
  [TokenRejection.NOT_YET_VALID]: unauthorized(
    "The access token is not valid yet; check this machine's clock, then retry or " +
      `${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.WRONG_ISSUER]: unauthorized(
    `The access token was issued by a different sign-in service than this gateway trusts; ${SIGN_IN_AGAIN} against this gateway.`,
  ),
  [TokenRejection.WRONG_AUDIENCE]: unauthorized(
    `The access token was issued for a different service, not this Gatehouse gateway; ${SIGN_IN_AGAIN} against this gateway.`,
  ),
  [TokenRejection.INVALID_CLAIMS]: unauthorized(
    `The access token is missing required Gatehouse identity claims; ${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.REVOKED]: unauthorized(
    `Your Gatehouse session was revoked (signed out, or access was removed by an administrator); ${SIGN_IN_AGAIN}.`,
  ),
  [TokenRejection.UNKNOWN_KEY]: unauthorized(
    'The Gatehouse API key is not known to this gateway; ask your administrator for a valid service account key.',
  ),
  [TokenRejection.KEYS_UNAVAILABLE]: {
    message: 'Gatehouse could not load its token signing keys; retry in a few seconds.',
    httpStatus: 503,
    errorType: 'api_error',
    shouldRetry: true,
  },
});
