/**
 * Everything the `gatehouse` CLI can fail with, so the entry point prints one actionable sentence
 * and picks the exit code from the code, not from the message text.
 */
export enum CliErrorCode {
  /** No stored credentials: the developer never logged in, or logged out. */
  NOT_LOGGED_IN = 'NOT_LOGGED_IN',
  /** The gateway answered `invalid_grant` to a refresh: the session was revoked or expired. */
  SESSION_ENDED = 'SESSION_ENDED',
  /** The developer (or the IdP) refused the sign-in. */
  ACCESS_DENIED = 'ACCESS_DENIED',
  /** The device code or the browser sign-in timed out before it was approved. */
  LOGIN_EXPIRED = 'LOGIN_EXPIRED',
  /** The gateway answered something the OAuth protocol does not allow here. */
  PROTOCOL_ERROR = 'PROTOCOL_ERROR',
  /** The gateway could not be reached. */
  UNREACHABLE = 'UNREACHABLE',
  /** The credentials file is readable by others, or is not valid. */
  INSECURE_CREDENTIALS = 'INSECURE_CREDENTIALS',
  /** Another `gatehouse` process held the refresh lock for too long. */
  LOCK_TIMEOUT = 'LOCK_TIMEOUT',
  /** A settings file the CLI must edit is not a JSON object. */
  INVALID_SETTINGS = 'INVALID_SETTINGS',
}

export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: CliErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

export const SESSION_ENDED_MESSAGE = 'Your Gatehouse session ended; run `gatehouse login`';
