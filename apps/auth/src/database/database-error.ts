/** Why the auth database could not be set up. */
export enum AuthDatabaseErrorCode {
  /** The schema name is not a plain lowercase identifier. */
  INVALID_SCHEMA = 'AUTH_DB_INVALID_SCHEMA',
  /** A migration failed; the message names it. */
  MIGRATION_FAILED = 'AUTH_DB_MIGRATION_FAILED',
}

export class AuthDatabaseError extends Error {
  override readonly name = 'AuthDatabaseError';

  constructor(
    readonly code: AuthDatabaseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
