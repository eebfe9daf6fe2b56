import type { OutgoingHttpHeaders } from 'node:http';
import { encodeBedrockChunk, encodeBedrockException } from '../eventstream';
import { type Exchange, header, parseJson, sendJson } from '../http-util';
import { newAwsRequestId } from '../ids';
import { serveMessages } from '../messages-handler';
import type { ApiError, ApiErrorKind, ProviderProfile, ReplyFacts } from '../provider-profile';
import { type Validation, validateMessagesBody } from '../request-validation';
import type { RouteDef, ServerContext } from '../router';
import { parseSigV4, verifySigV4 } from '../sigv4';
import { estimateInputTokens } from '../tokens';
import type { StreamEvent } from '../api-types';

interface BedrockErrorStyle {
  status: number;
  type: string;
  message: string;
}

// Bedrock's own errors: a bare {"message"} body, the exception name in `x-amzn-errortype`.
const STYLES: Record<ApiErrorKind, BedrockErrorStyle> = {
  rate_limit: {
    status: 429,
    type: 'ThrottlingException',
    message: 'Too many requests, please wait before trying again.',
  },
  overloaded: {
    status: 503,
    type: 'ServiceUnavailableException',
    message: 'Bedrock is unable to process your request.',
  },
  api_error: {
    status: 500,
    type: 'InternalServerException',
    message:
      'The system encountered an unexpected error during processing. Try your request again.',
  },
  prompt_too_long: { status: 400, type: 'ValidationException', message: 'Input is too long.' },
  request_too_large: { status: 400, type: 'ValidationException', message: 'Input is too long.' },
  invalid_request: {
    status: 400,
    type: 'ValidationException',
    message: 'Malformed input request, please reformat your input and try again.',
  },
  authentication: {
    status: 403,
    type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  },
  permission: {
    status: 403,
    type: 'AccessDeniedException',
    message: "You don't have access to the model with the specified model ID.",
  },
  not_found: {
    status: 400,
    type: 'ValidationException',
    message: 'The provided model identifier is invalid.',
  },
};

function sendBedrockError(exchange: Exchange, error: ApiError, requestId: string): void {
  const style = STYLES[error.kind];
  const type = error.awsType ?? style.type;
  sendJson(
    exchange,
    style.status,
    { message: error.message ?? style.message },
    {
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': requestId,
    },
  );
}

// Bedrock reports usage in its own metrics object on the final chunk.
function encodeEvent(event: StreamEvent, facts: ReplyFacts): Uint8Array {
  if (event.type !== 'message_stop') return encodeBedrockChunk(event);
  return encodeBedrockChunk({
    ...event,
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: facts.inputTokens,
      outputTokenCount: facts.outputTokens,
      invocationLatency: facts.latencyMs,
      firstByteLatency: facts.firstByteLatencyMs,
      cacheReadInputTokenCount: facts.cacheReadTokens,
      cacheWriteInputTokenCount: facts.cacheWriteTokens,
    },
  });
}

const MID_STREAM_ERROR = encodeBedrockException('modelStreamErrorException', {
  message: 'The model encountered an error while streaming its response.',
  originalStatusCode: 529,
  originalMessage: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
});

const bedrockProfile: ProviderProfile = {
  name: 'bedrock',
  idFlavour: 'bdrk_',
  newRequestId: newAwsRequestId,
  successHeaders: (facts): OutgoingHttpHeaders => ({
    'x-amzn-requestid': facts.requestId,
    'x-amzn-bedrock-invocation-latency': String(facts.latencyMs),
    'x-amzn-bedrock-input-token-count': String(facts.inputTokens),
    'x-amzn-bedrock-output-token-count': String(facts.outputTokens),
    'x-amzn-bedrock-cache-read-input-token-count': String(facts.cacheReadTokens),
    'x-amzn-bedrock-cache-write-input-token-count': String(facts.cacheWriteTokens),
  }),
  streamHeaders: (requestId) => ({
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': requestId,
    'x-amzn-bedrock-content-type': 'application/json',
  }),
  encodeEvent,
  ping: undefined,
  midStreamError: () => MID_STREAM_ERROR,
  sendError: sendBedrockError,
};

/** `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5-20250929`, the id Bedrock echoes. */
export function bedrockResponseModel(modelId: string): string {
  const last = modelId.slice(modelId.lastIndexOf('/') + 1);
  return last.replace(/^([a-z]{2,4}\.)?anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}

/** Checks the caller's credentials; sends Bedrock's 403 and returns false when they fail. */
async function admit(ctx: ServerContext, exchange: Exchange): Promise<boolean> {
  const fail = (awsType: string, message: string): false => {
    sendBedrockError(exchange, { kind: 'authentication', awsType, message }, newAwsRequestId());
    return false;
  };
  const authorization = header(exchange, 'authorization');
  if (!authorization)
    return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const { bedrock } = ctx.config;
  if (/^Bearer /i.test(authorization)) {
    const ok = bedrock.apiKey !== undefined && authorization.slice(7).trim() === bedrock.apiKey;
    return (
      ok ||
      fail(
        'UnrecognizedClientException',
        'Invalid API Key format: Must start with pre-defined prefix',
      )
    );
  }
  const auth = parseSigV4(authorization);
  if (!auth || !header(exchange, 'x-amz-date')) {
    return fail(
      'IncompleteSignatureException',
      'Authorization header requires Credential, SignedHeaders and Signature, and the request needs X-Amz-Date.',
    );
  }
  if (auth.service !== 'bedrock')
    return fail(
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'bedrock'.",
    );
  if (bedrock.accessKeyId !== undefined && auth.accessKeyId !== bedrock.accessKeyId) {
    return fail(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (bedrock.secretAccessKey === undefined) return true;
  const { req, path, query, body } = exchange;
  const valid = await verifySigV4(
    auth,
    { method: req.method ?? 'POST', path, query, headers: req.headers, body },
    bedrock.secretAccessKey,
  );
  return (
    valid ||
    fail(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    )
  );
}

const malformed = (detail: string): string =>
  `Malformed input request: ${detail}, please reformat your input and try again.`;

/** Bedrock's invoke body: Anthropic fields plus `anthropic_version`, without `model` or `stream`. */
function checkInvokeBody(value: unknown, modelId: string): Validation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      message: 'Malformed input request, please reformat your input and try again.',
    };
  }
  const body = value as Record<string, unknown>;
  for (const key of ['model', 'stream']) {
    if (key in body)
      return { ok: false, message: malformed(`#: extraneous key [${key}] is not permitted`) };
  }
  if (typeof body.anthropic_version !== 'string')
    return { ok: false, message: malformed('#: required key [anthropic_version] not found') };
  const betas = body.anthropic_beta;
  if (
    betas !== undefined &&
    (!Array.isArray(betas) || betas.some((beta) => typeof beta !== 'string'))
  ) {
    return {
      ok: false,
      message: malformed('#/anthropic_beta: expected type: JSONArray of strings'),
    };
  }
  const checked = validateMessagesBody(body, { pathModel: modelId, requireMaxTokens: true });
  return checked.ok ? checked : { ok: false, message: malformed(checked.message) };
}

function invokeHandler(stream: boolean): RouteDef['handle'] {
  return async (ctx, exchange, [modelId]) => {
    if (!(await admit(ctx, exchange))) return;
    if (!modelId.includes('claude'))
      return sendBedrockError(exchange, { kind: 'not_found' }, newAwsRequestId());
    const checked = checkInvokeBody(parseJson(exchange.body), modelId);
    if (!checked.ok)
      return sendBedrockError(
        exchange,
        { kind: 'invalid_request', message: checked.message },
        newAwsRequestId(),
      );
    const route = stream ? 'bedrock.invoke_stream' : 'bedrock.invoke';
    await serveMessages(ctx, {
      exchange,
      profile: bedrockProfile,
      route,
      request: checked.request,
      model: bedrockResponseModel(modelId),
      stream,
    });
  };
}

/** CountTokens takes the invoke body base64-encoded and answers `{"inputTokens": N}`. */
async function countTokens(
  ctx: ServerContext,
  exchange: Exchange,
  [modelId]: string[],
): Promise<void> {
  if (!(await admit(ctx, exchange))) return;
  const requestId = newAwsRequestId();
  const invalid = (message: string): void =>
    sendBedrockError(exchange, { kind: 'invalid_request', message }, requestId);
  if (modelId.includes('application-inference-profile') || !modelId.includes('claude')) {
    return invalid("The provided model doesn't support counting tokens.");
  }
  const envelope = parseJson(exchange.body) as
    { input?: { invokeModel?: { body?: unknown } } } | undefined;
  const encoded = envelope?.input?.invokeModel?.body;
  if (typeof encoded !== 'string')
    return invalid(malformed('#/input: required key [invokeModel.body] not found'));
  const checked = checkInvokeBody(parseJson(Buffer.from(encoded, 'base64')), modelId);
  if (!checked.ok) return invalid(checked.message);
  sendJson(
    exchange,
    200,
    { inputTokens: estimateInputTokens(checked.request) },
    { 'x-amzn-requestid': requestId },
  );
}

export const bedrockRoutes: RouteDef[] = [
  {
    method: 'POST',
    pattern: /^\/model\/([^/]+)\/invoke$/,
    name: 'bedrock.invoke',
    handle: invokeHandler(false),
  },
  {
    method: 'POST',
    pattern: /^\/model\/([^/]+)\/invoke-with-response-stream$/,
    name: 'bedrock.invoke_stream',
    handle: invokeHandler(true),
  },
  {
    method: 'POST',
    pattern: /^\/model\/([^/]+)\/count-tokens$/,
    name: 'bedrock.count_tokens',
    handle: countTokens,
  },
];
