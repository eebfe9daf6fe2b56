import { assertUnreachable } from './assert-unreachable';

/**
 * The catalogue of error codes services answer with over HTTP. Every code is documented in
 * docs/errors.md; add a code there when you add it here.
 */
export enum GatehouseErrorCode {
  /** The request is malformed or fails validation. */
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  /** No credentials, or credentials that are invalid or expired. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** Authenticated, but policy does not allow this action. */
  FORBIDDEN = 'FORBIDDEN',
  /** The route or the addressed resource does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** The request conflicts with the current state (duplicate, stale version). */
  CONFLICT = 'CONFLICT',
  /** The request body is larger than the service accepts. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** Too many requests in the current window. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** A dependency (Kafka, PostgreSQL, ClickHouse, an upstream) did not answer. */
  DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE',
  /** The service is draining for shutdown and takes no new work. */
  SHUTTING_DOWN = 'SHUTTING_DOWN',
  /** A bug or an unexpected failure; details are in the service log, not the response. */
  INTERNAL = 'INTERNAL',
}

/** The HTTP status each code is answered with; exhaustive so a new code cannot be forgotten. */
export function httpStatusOf(code: GatehouseErrorCode): number {
  switch (code) {
    case GatehouseErrorCode.VALIDATION_FAILED:
      return 400;
    case GatehouseErrorCode.UNAUTHENTICATED:
      return 401;
    case GatehouseErrorCode.FORBIDDEN:
      return 403;
    case GatehouseErrorCode.NOT_FOUND:
      return 404;
    case GatehouseErrorCode.CONFLICT:
      return 409;
    case GatehouseErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case GatehouseErrorCode.RATE_LIMITED:
      return 429;
    case GatehouseErrorCode.INTERNAL:
      return 500;
    case GatehouseErrorCode.DEPENDENCY_UNAVAILABLE:
    case GatehouseErrorCode.SHUTTING_DOWN:
      return 503;
    default:
      return assertUnreachable(code);
  }
}

/** Maps an HTTP status from the framework (404 route, 400 bad JSON, 413 body limit) to a code. */
export function codeForHttpStatus(status: number): GatehouseErrorCode {
  if (status === 400 || status === 422) return GatehouseErrorCode.VALIDATION_FAILED;
  if (status === 401) return GatehouseErrorCode.UNAUTHENTICATED;
  if (status === 403) return GatehouseErrorCode.FORBIDDEN;
  if (status === 404 || status === 405) return GatehouseErrorCode.NOT_FOUND;
  if (status === 409) return GatehouseErrorCode.CONFLICT;
  if (status === 413) return GatehouseErrorCode.PAYLOAD_TOO_LARGE;
  if (status === 429) return GatehouseErrorCode.RATE_LIMITED;
  if (status === 503) return GatehouseErrorCode.DEPENDENCY_UNAVAILABLE;
  if (status >= 400 && status < 500) return GatehouseErrorCode.VALIDATION_FAILED;
  return GatehouseErrorCode.INTERNAL;
}

export interface GatehouseErrorOptions {
  cause?: unknown;
  /** Extra fields safe to show the client (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * Base class for errors a service answers with. The message is shown to the client, so it says
 * what to do and never contains secrets; the cause stays in the log.
 */
export class GatehouseError extends Error {
  override readonly name: string = 'GatehouseError';
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly code: GatehouseErrorCode,
    message: string,
    options: GatehouseErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}
