/** Why the token side of the auth service could not do what was asked. docs/adr/0013 lists them. */
export enum TokenErrorCode {
  /** No signing key is loaded yet (the key store is still starting, or PostgreSQL is down). */
  NO_SIGNING_KEY = 'TOKEN_NO_SIGNING_KEY',
  /** The claims built for a token break the access-token contract (a bug or bad directory data). */
  INVALID_CLAIMS = 'TOKEN_INVALID_CLAIMS',
}

export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}
