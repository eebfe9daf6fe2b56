import type { MessagesRequest } from '../api-types';
import { anthropicErrorBody, anthropicErrorStatus } from '../anthropic-errors';
import { type Exchange, header, parseJson, sendJson } from '../http-util';
import { newRequestId } from '../ids';
import { serveMessages } from '../messages-handler';
import type { ApiError, ApiErrorKind, ProviderProfile } from '../provider-profile';
import { parseBetaHeader, validateMessagesBody } from '../request-validation';
import type { RouteDef, ServerContext } from '../router';
import { SSE_PING, sseFrame } from '../sse';
import { estimateInputTokens } from '../tokens';

export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';
const VERTEX_BODY_LIMIT = 30 * 1024 * 1024;

interface GoogleErrorStyle {
  code: number;
  status: string;
  message: string;
}

// Errors raised by Google's front end are in Google's shape; errors from the model itself
// (overload, prompt too long, bad request) reach the caller in Anthropic's envelope.
const GOOGLE_STYLES: Partial<Record<ApiErrorKind, GoogleErrorStyle>> = {
  rate_limit: {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message:
      'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude. Please submit a quota increase request. https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.',
  },
  api_error: { code: 500, status: 'INTERNAL', message: 'Internal error encountered.' },
  request_too_large: {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message: 'The request size (31457281 bytes) exceeds 30.000MB limit.',
  },
  authentication: {
    code: 401,
    status: 'UNAUTHENTICATED',
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  },
  permission: {
    code: 403,
    status: 'PERMISSION_DENIED',
    message: "Permission 'aiplatform.endpoints.predict' denied on resource.",
  },
  not_found: {
    code: 404,
    status: 'NOT_FOUND',
    message: 'Publisher Model was not found or your project does not have access to it.',
  },
};

function sendVertexError(exchange: Exchange, error: ApiError, requestId: string): void {
  const google = GOOGLE_STYLES[error.kind];
  if (google) {
    sendJson(exchange, google.code, {
      error: { code: google.code, message: error.message ?? google.message, status: google.status },
    });
    return;
  }
  sendJson(exchange, anthropicErrorStatus(error.kind), anthropicErrorBody(error, requestId));
}

const vertexProfile: ProviderProfile = {
  name: 'vertex',
  idFlavour: 'vrtx_',
  newRequestId,
  successHeaders: () => ({}),
  streamHeaders: () => ({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  }),
  encodeEvent: (event) => sseFrame(event),
  ping: SSE_PING,
  midStreamError: () =>
    sseFrame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
  sendError: sendVertexError,
};

function admit(ctx: ServerContext, exchange: Exchange): boolean {
  const token = header(exchange, 'authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
  const known =
    token !== undefined &&
    (token === ctx.config.vertex.accessToken || ctx.issuedVertexTokens.has(token));
  if (!known) sendVertexError(exchange, { kind: 'authentication' }, newRequestId());
  return known;
}

type BodyCheck = { ok: true; request: MessagesRequest } | { ok: false; error: ApiError };

/** Size, then the body rules Vertex adds: `anthropic_version` must be Vertex's; the model is in the path. */
function checkBody(
  exchange: Exchange,
  pathModel: string | undefined,
  requireMaxTokens: boolean,
): BodyCheck {
  if (exchange.body.length > VERTEX_BODY_LIMIT) {
    const message = `The request size (${exchange.body.length} bytes) exceeds 30.000MB limit.`;
    return { ok: false, error: { kind: 'request_too_large', message } };
  }
  const value = parseJson(exchange.body) as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && value.anthropic_version !== VERTEX_ANTHROPIC_VERSION) {
    return {
      ok: false,
      error: {
        kind: 'invalid_request',
        message: `anthropic_version: Input should be '${VERTEX_ANTHROPIC_VERSION}'`,
      },
    };
  }
  // Vertex, unlike Bedrock, takes betas in the `anthropic-beta` header as well as the body.
  const checked = validateMessagesBody(value, {
    pathModel,
    requireMaxTokens,
    betas: parseBetaHeader(exchange.req.headers['anthropic-beta']),
  });
  return checked.ok
    ? checked
    : { ok: false, error: { kind: 'invalid_request', message: checked.message } };
}

function predict(
  ctx: ServerContext,
  exchange: Exchange,
  [, , model, method]: string[],
): Promise<void> | void {
  if (!admit(ctx, exchange)) return;
  if (!model.startsWith('claude'))
    return sendVertexError(exchange, { kind: 'not_found' }, newRequestId());
  const checked = checkBody(exchange, model, true);
  if (!checked.ok) return sendVertexError(exchange, checked.error, newRequestId());
  const route = method === 'streamRawPredict' ? 'vertex.stream_raw_predict' : 'vertex.raw_predict';
  const responseModel = model.replace('@', '-');
  return serveMessages(ctx, {
    exchange,
    profile: vertexProfile,
    route,
    request: checked.request,
    model: responseModel,
    stream: checked.request.stream === true,
  });
}

/** Vertex's token counting: the body names the model, the answer is Anthropic's `{"input_tokens"}`. */
function countTokens(ctx: ServerContext, exchange: Exchange): void {
  if (!admit(ctx, exchange)) return;
  const checked = checkBody(exchange, undefined, false);
  if (!checked.ok) return sendVertexError(exchange, checked.error, newRequestId());
  sendJson(exchange, 200, { input_tokens: estimateInputTokens(checked.request) });
}

const BASE = String.raw`^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/`;

export const vertexRoutes: RouteDef[] = [
  {
    method: 'POST',
    pattern: new RegExp(`${BASE}count-tokens:rawPredict$`),
    name: 'vertex.count_tokens',
    handle: countTokens,
  },
  {
    method: 'POST',
    pattern: new RegExp(`${BASE}([^/:]+):(rawPredict|streamRawPredict)$`),
    name: 'vertex.predict',
    handle: predict,
  },
];
