import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './http-util';
import { sendJson } from './http-util';
import type { ApiError, ApiErrorKind } from './provider-profile';

interface AnthropicErrorStyle {
  status: number;
  type: string;
  message: string;
  /** The API's hint to its SDKs; absent where the API leaves it out. */
  shouldRetry?: boolean;
}

const STYLES: Record<ApiErrorKind, AnthropicErrorStyle> = {
  rate_limit: {
    status: 429,
    type: 'rate_limit_error',
    message:
      'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
    shouldRetry: true,
  },
  overloaded: { status: 529, type: 'overloaded_error', message: 'Overloaded', shouldRetry: true },
  api_error: {
    status: 500,
    type: 'api_error',
    message: 'Internal server error',
    shouldRetry: true,
  },
  prompt_too_long: {
    status: 400,
    type: 'invalid_request_error',
    message: 'prompt is too long: 250000 tokens > 200000 maximum',
    shouldRetry: false,
  },
  request_too_large: {
    status: 413,
    type: 'request_too_large',
    message: 'Request exceeds the maximum allowed number of bytes.',
  },
  invalid_request: {
    status: 400,
    type: 'invalid_request_error',
    message: 'Invalid request',
    shouldRetry: false,
  },
  authentication: {
    status: 401,
    type: 'authentication_error',
    message: 'invalid x-api-key',
    shouldRetry: false,
  },
  permission: {
    status: 403,
    type: 'permission_error',
    message: 'Your API key does not have permission to use the specified resource.',
  },
  not_found: { status: 404, type: 'not_found_error', message: 'Not found' },
};

export const anthropicErrorStatus = (kind: ApiErrorKind): number => STYLES[kind].status;

export function anthropicErrorBody(error: ApiError, requestId: string): unknown {
  const style = STYLES[error.kind];
  return {
    type: 'error',
    error: { type: style.type, message: error.message ?? style.message },
    request_id: requestId,
  };
}

/** Sends an error in the Anthropic envelope, with the headers the API adds to it. */
export function sendAnthropicError(
  exchange: Exchange,
  error: ApiError,
  requestId: string,
  headers: OutgoingHttpHeaders,
): void {
  const style = STYLES[error.kind];
  const extra: OutgoingHttpHeaders = { ...headers };
  if (style.shouldRetry !== undefined) extra['x-should-retry'] = String(style.shouldRetry);
  if (error.kind === 'rate_limit') extra['retry-after'] = String(error.retryAfterSeconds ?? 1);
  sendJson(exchange, style.status, anthropicErrorBody(error, requestId), extra);
}
