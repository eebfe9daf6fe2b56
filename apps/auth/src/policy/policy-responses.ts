import { GatehouseError, toErrorResponse } from '@gatehouse/service-kit';
import { gatehouseCodeOf, PolicyError } from './policy-error';

/** The part of Fastify's reply the policy routes use (structural: Nest ships its own Fastify). */
export interface PolicyReply {
  code(status: number): PolicyReply;
  header(name: string, value: string): PolicyReply;
  send(payload?: unknown): PolicyReply;
}

export interface ErrorLogger {
  error(details: object, message: string): void;
}

/** Admin API errors in the service-wide shape (`{error: {code, message, requestId, details}}`). */
export function sendAdminError(
  reply: PolicyReply,
  error: unknown,
  context: { requestId: string; logger: ErrorLogger },
): PolicyReply {
  const response = toErrorResponse(asGatehouseError(error), context.requestId);
  if (response.unexpected)
    context.logger.error({ err: error }, 'managed-settings admin request failed');
  return reply.code(response.status).header('cache-control', 'no-store').send(response.body);
}

/**
 * `/managed/settings` errors in the Anthropic envelope, which Claude Code shows to the developer.
 * A credential problem carries `x-should-retry: false`, so the client asks for /login at once.
 */
export function sendClientError(
  reply: PolicyReply,
  error: unknown,
  context: { requestId: string; logger: ErrorLogger },
): PolicyReply {
  const response = toErrorResponse(asGatehouseError(error), context.requestId);
  if (response.unexpected) context.logger.error({ err: error }, 'managed settings request failed');
  const type = ANTHROPIC_ERROR_TYPES[response.status] ?? 'api_error';
  if (response.status === 401) reply.header('x-should-retry', 'false');
  return reply
    .code(response.status)
    .header('cache-control', 'private, no-cache')
    .header('request-id', context.requestId)
    .send({ type: 'error', error: { type, message: response.body.error.message } });
}

const ANTHROPIC_ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
};

function asGatehouseError(error: unknown): unknown {
  if (!(error instanceof PolicyError)) return error;
  return new GatehouseError(gatehouseCodeOf(error.code), error.message, {
    cause: error,
    details: { reason: error.code, ...error.details },
  });
}
