import {
  assertUnreachable,
  GatehouseError,
  GatehouseErrorCode,
  toErrorResponse,
} from '@gatehouse/service-kit';
import { DirectoryError, DirectoryErrorCode } from '../directory/directory-error';
import type { ErrorLogger, PolicyReply } from '../policy/policy-responses';

/** Why an admin API request was refused; docs/admin-api.md lists them. */
export enum AdminErrorCode {
  /** No bearer credential, or one that does not verify. */
  UNAUTHENTICATED = 'ADMIN_UNAUTHENTICATED',
  /** Signed in, but without an administrator role (or acting on another organisation). */
  NOT_ADMIN = 'ADMIN_NOT_ADMIN',
  /** The body or a path parameter fails validation; `details.issues` names each field. */
  INVALID_REQUEST = 'ADMIN_INVALID_REQUEST',
  /** The session, user, service account or key does not exist in the caller's organisation. */
  NOT_FOUND = 'ADMIN_NOT_FOUND',
  /** The change conflicts with the current state (duplicate name, revoked key, disabled account). */
  CONFLICT = 'ADMIN_CONFLICT',
  /** The token signing keys could not be loaded; the caller should retry. */
  KEYS_UNAVAILABLE = 'ADMIN_KEYS_UNAVAILABLE',
}

export class AdminError extends Error {
  override readonly name = 'AdminError';

  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The service-wide code (and so the HTTP status) each admin error is answered with. */
export function gatehouseCodeOfAdmin(code: AdminErrorCode): GatehouseErrorCode {
  switch (code) {
    case AdminErrorCode.UNAUTHENTICATED:
      return GatehouseErrorCode.UNAUTHENTICATED;
    case AdminErrorCode.NOT_ADMIN:
      return GatehouseErrorCode.FORBIDDEN;
    case AdminErrorCode.INVALID_REQUEST:
      return GatehouseErrorCode.VALIDATION_FAILED;
    case AdminErrorCode.NOT_FOUND:
      return GatehouseErrorCode.NOT_FOUND;
    case AdminErrorCode.CONFLICT:
      return GatehouseErrorCode.CONFLICT;
    case AdminErrorCode.KEYS_UNAVAILABLE:
      return GatehouseErrorCode.DEPENDENCY_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

/**
 * Directory refusals become admin errors so the caller sees 404/409/400 rather than a 500; any
 * other failure stays unexpected and is logged.
 */
export function adminErrorOf(error: unknown): unknown {
  if (!(error instanceof DirectoryError)) return error;
  switch (error.code) {
    case DirectoryErrorCode.NOT_FOUND:
      return new AdminError(AdminErrorCode.NOT_FOUND, error.message);
    case DirectoryErrorCode.DUPLICATE:
    case DirectoryErrorCode.CREDENTIAL_INACTIVE:
    case DirectoryErrorCode.EMAIL_TAKEN:
    case DirectoryErrorCode.USER_INACTIVE:
      return new AdminError(AdminErrorCode.CONFLICT, error.message);
    case DirectoryErrorCode.INVALID_INPUT:
      return new AdminError(AdminErrorCode.INVALID_REQUEST, error.message);
    default:
      return assertUnreachable(error.code);
  }
}

/** Errors in the service-wide shape (`{error: {code, message, requestId, details}}`), never cached. */
export function sendAdminApiError(
  reply: PolicyReply,
  error: unknown,
  context: { requestId: string; logger: ErrorLogger },
): PolicyReply {
  const mapped = adminErrorOf(error);
  const response = toErrorResponse(
    mapped instanceof AdminError
      ? new GatehouseError(gatehouseCodeOfAdmin(mapped.code), mapped.message, {
          cause: error,
          details: { reason: mapped.code, ...mapped.details },
        })
      : mapped,
    context.requestId,
  );
  if (response.unexpected) context.logger.error({ err: error }, 'admin API request failed');
  return reply.code(response.status).header('cache-control', 'no-store').send(response.body);
}
