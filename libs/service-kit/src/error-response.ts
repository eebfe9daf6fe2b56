import { HttpException } from '@nestjs/common';
import {
  GatehouseError,
  GatehouseErrorCode,
  codeForHttpStatus,
  httpStatusOf,
} from './gatehouse-error';

/** The JSON body of every error answer (the proxy's Anthropic-compatible routes use their own shape). */
export interface ErrorBody {
  error: {
    code: GatehouseErrorCode;
    message: string;
    requestId?: string;
    details?: Record<string, unknown>;
  };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Whether the error is unexpected and worth an error-level log line with its stack. */
  unexpected: boolean;
}

const INTERNAL_MESSAGE = 'Internal error; the service log has the details under this request id.';

/** Turns anything a handler threw into a status and a body that leaks no internals. */
export function toErrorResponse(error: unknown, requestId?: string): ErrorResponse {
  if (error instanceof GatehouseError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
    if (error.details) body.error.details = error.details;
    return {
      status: error.httpStatus,
      body,
      unexpected: error.code === GatehouseErrorCode.INTERNAL,
    };
  }
  const status = frameworkStatus(error);
  if (status !== undefined && status < 500) {
    const code = codeForHttpStatus(status);
    return {
      status,
      body: { error: { code, message: frameworkMessage(error), requestId } },
      unexpected: false,
    };
  }
  const code = GatehouseErrorCode.INTERNAL;
  return {
    status: httpStatusOf(code),
    body: { error: { code, message: INTERNAL_MESSAGE, requestId } },
    unexpected: true,
  };
}

function frameworkStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  // Fastify's own errors (bad JSON, body too large) carry `statusCode`.
  if (
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number'
  ) {
    return error.statusCode;
  }
  return undefined;
}

function frameworkMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Request failed';
}
