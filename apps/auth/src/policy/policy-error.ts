import { assertUnreachable, GatehouseErrorCode } from '@gatehouse/service-kit';

/** Why a managed-settings request was refused; docs/managed-settings.md lists them. */
export enum PolicyErrorCode {
  /** No bearer credential, or one that does not verify. */
  UNAUTHENTICATED = 'POLICY_UNAUTHENTICATED',
  /** Signed in, but without an administrator role. */
  NOT_ADMIN = 'POLICY_NOT_ADMIN',
  /** The authored document fails validation; `details.issues` names each field. */
  INVALID_DOCUMENT = 'POLICY_INVALID_DOCUMENT',
  /** A preview or query parameter is missing or malformed. */
  INVALID_QUERY = 'POLICY_INVALID_QUERY',
  /** No policy (or no such version, or no such user) for the caller's organisation. */
  NOT_FOUND = 'POLICY_NOT_FOUND',
  /** The token signing keys could not be loaded; the caller should retry. */
  KEYS_UNAVAILABLE = 'POLICY_KEYS_UNAVAILABLE',
  /** A stored version no longer validates (a bug or a hand edit); details are in the log. */
  CORRUPT_VERSION = 'POLICY_CORRUPT_VERSION',
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';

  constructor(
    readonly code: PolicyErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The service-wide code (and so the HTTP status) each policy error is answered with. */
export function gatehouseCodeOf(code: PolicyErrorCode): GatehouseErrorCode {
  switch (code) {
    case PolicyErrorCode.UNAUTHENTICATED:
      return GatehouseErrorCode.UNAUTHENTICATED;
    case PolicyErrorCode.NOT_ADMIN:
      return GatehouseErrorCode.FORBIDDEN;
    case PolicyErrorCode.INVALID_DOCUMENT:
    case PolicyErrorCode.INVALID_QUERY:
      return GatehouseErrorCode.VALIDATION_FAILED;
    case PolicyErrorCode.NOT_FOUND:
      return GatehouseErrorCode.NOT_FOUND;
    case PolicyErrorCode.KEYS_UNAVAILABLE:
      return GatehouseErrorCode.DEPENDENCY_UNAVAILABLE;
    case PolicyErrorCode.CORRUPT_VERSION:
      return GatehouseErrorCode.INTERNAL;
    default:
      return assertUnreachable(code);
  }
}
