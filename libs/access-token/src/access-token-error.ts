/** Why the access-token module refused to start or to mint. Bad *tokens* are never errors: they are `TokenRejection`s. */
export enum AccessTokenErrorCode {
  /** A JSON Web Key Set is malformed, holds a private key, or has no usable verification key. */
  INVALID_KEY_SET = 'INVALID_KEY_SET',
  /** The dev signer's files under `.gatehouse/dev-signer/` are unreadable or inconsistent. */
  INVALID_SIGNER_FILES = 'INVALID_SIGNER_FILES',
  /** Claims handed to a signer do not satisfy the access token contract. */
  INVALID_CLAIMS = 'INVALID_CLAIMS',
  /** A verifier, cache or key source was configured with impossible options. */
  INVALID_OPTIONS = 'INVALID_OPTIONS',
}

/**
 * Thrown only at configuration time (building a verifier, loading keys, minting a dev token), so a
 * misconfigured proxy fails at start with the reason instead of rejecting every request.
 */
export class AccessTokenError extends Error {
  override readonly name = 'AccessTokenError';

  constructor(
    readonly code: AccessTokenErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
