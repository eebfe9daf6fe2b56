/** Why a directory operation was refused. docs/adr/0012-auth-directory-and-outbox.md explains each. */
export enum DirectoryErrorCode {
  /** The user, session, role, mapping, account or key does not exist. */
  NOT_FOUND = 'DIRECTORY_NOT_FOUND',
  /** The user is deactivated or deleted and may not sign in. */
  USER_INACTIVE = 'DIRECTORY_USER_INACTIVE',
  /** Another user already has this email address. */
  EMAIL_TAKEN = 'DIRECTORY_EMAIL_TAKEN',
  /** The name is already used (role, service account, mapping of a group to a role). */
  DUPLICATE = 'DIRECTORY_DUPLICATE',
  /** The service account is disabled, or the key is revoked or expired. */
  CREDENTIAL_INACTIVE = 'DIRECTORY_CREDENTIAL_INACTIVE',
  /** The input breaks a rule (e.g. an expiry in the past). */
  INVALID_INPUT = 'DIRECTORY_INVALID_INPUT',
}

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';

  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
  ) {
    super(message);
  }
}
