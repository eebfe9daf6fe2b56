import type { OutgoingHttpHeaders } from 'node:http';
import { sendAnthropicError } from '../anthropic-errors';
import { type Exchange, header, parseJson, sendJson } from '../http-util';
import { newRequestId } from '../ids';
import { serveMessages } from '../messages-handler';
import type { ApiError, ProviderProfile } from '../provider-profile';
import { parseBetaHeader, validateMessagesBody } from '../request-validation';
import type { RouteDef, ServerContext } from '../router';
import { SSE_PING, sseFrame } from '../sse';
import { estimateInputTokens } from '../tokens';

function anthropicProfile(organizationId: string): ProviderProfile {
  return {
    name: 'anthropic',
    idFlavour: '',
    newRequestId,
    successHeaders: (facts) => ({
      'request-id': facts.requestId,
      'anthropic-organization-id': organizationId,
    }),
    streamHeaders: (requestId) => ({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': requestId,
      'anthropic-organization-id': organizationId,
    }),
    encodeEvent: (event) => sseFrame(event),
    ping: SSE_PING,
    midStreamError: () =>
      sseFrame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    sendError: (exchange, error, requestId) =>
      sendAnthropicError(exchange, error, requestId, errorHeaders(requestId, organizationId)),
  };
}

const errorHeaders = (requestId: string, organizationId: string): OutgoingHttpHeaders => ({
  'request-id': requestId,
  'anthropic-organization-id': organizationId,
});

// Profiles are built once per organization id rather than per request.
const profiles = new Map<string, ProviderProfile>();
function profileFor(ctx: ServerContext): ProviderProfile {
  let profile = profiles.get(ctx.config.organizationId);
  if (!profile) {
    profile = anthropicProfile(ctx.config.organizationId);
    profiles.set(ctx.config.organizationId, profile);
  }
  return profile;
}

/** Checks `x-api-key` and `anthropic-version` as the API does; sends the error and returns false on failure. */
function admit(ctx: ServerContext, exchange: Exchange): boolean {
  const profile = profileFor(ctx);
  const fail = (error: ApiError): false => {
    profile.sendError(exchange, error, newRequestId());
    return false;
  };
  const bearer = header(exchange, 'authorization')?.replace(/^Bearer\s+/i, '');
  const key = header(exchange, 'x-api-key') ?? bearer;
  if (!key) return fail({ kind: 'authentication', message: 'x-api-key header is required' });
  if (ctx.config.anthropicApiKey !== undefined && key !== ctx.config.anthropicApiKey)
    return fail({ kind: 'authentication', message: 'invalid x-api-key' });
  if (!header(exchange, 'anthropic-version'))
    return fail({ kind: 'invalid_request', message: 'anthropic-version: header is required' });
  return true;
}

async function messages(ctx: ServerContext, exchange: Exchange): Promise<void> {
  if (!admit(ctx, exchange)) return;
  const profile = profileFor(ctx);
  const checked = validateMessagesBody(parseJson(exchange.body), {
    requireMaxTokens: true,
    betas: parseBetaHeader(exchange.req.headers['anthropic-beta']),
  });
  if (!checked.ok)
    return profile.sendError(
      exchange,
      { kind: 'invalid_request', message: checked.message },
      newRequestId(),
    );
  const { request } = checked;
  if (!request.model.startsWith('claude')) {
    return profile.sendError(
      exchange,
      { kind: 'not_found', message: `model: ${request.model}` },
      newRequestId(),
    );
  }
  await serveMessages(ctx, {
    exchange,
    profile,
    route: 'anthropic.messages',
    request,
    model: request.model,
    stream: request.stream === true,
  });
}

function countTokens(ctx: ServerContext, exchange: Exchange): void {
  if (!admit(ctx, exchange)) return;
  const checked = validateMessagesBody(parseJson(exchange.body), {
    requireMaxTokens: false,
    betas: parseBetaHeader(exchange.req.headers['anthropic-beta']),
  });
  if (!checked.ok)
    return profileFor(ctx).sendError(
      exchange,
      { kind: 'invalid_request', message: checked.message },
      newRequestId(),
    );
  const requestId = newRequestId();
  sendJson(
    exchange,
    200,
    { input_tokens: estimateInputTokens(checked.request) },
    errorHeaders(requestId, ctx.config.organizationId),
  );
}

function listModels(ctx: ServerContext, exchange: Exchange): void {
  if (!admit(ctx, exchange)) return;
  const data = ctx.config.models.map((model) => ({ type: 'model', ...model }));
  sendJson(
    exchange,
    200,
    {
      data,
      has_more: false,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
    },
    errorHeaders(newRequestId(), ctx.config.organizationId),
  );
}

export const anthropicRoutes: RouteDef[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/messages\/count_tokens$/,
    name: 'anthropic.count_tokens',
    handle: countTokens,
  },
  { method: 'POST', pattern: /^\/v1\/messages$/, name: 'anthropic.messages', handle: messages },
  { method: 'GET', pattern: /^\/v1\/models$/, name: 'anthropic.models', handle: listModels },
];
