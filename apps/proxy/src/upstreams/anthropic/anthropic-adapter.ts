import { readAnthropicError } from '@gatehouse/anthropic';
import type {
  ClientErrorResponse,
  UpstreamAdapter,
  UpstreamCall,
  UpstreamErrorResponse,
  UpstreamHttpRequest,
  UpstreamOperation,
} from '../upstream-adapter';
import { clientError, errorForStatus, parseErrorJson, upstreamRetryAfter } from './client-error';
import { flattenHeaders, responseHeader } from './header-values';

export interface AnthropicAdapterOptions {
  readonly endpoint: { readonly id: string; readonly baseUrl: string };
  /** The company's central API key; the client's own credentials never reach the upstream. */
  readonly apiKey: string;
}

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

const PATHS: Readonly<Record<UpstreamOperation, string>> = {
  messages: '/v1/messages',
  count_tokens: '/v1/messages/count_tokens',
};

/** Client headers the adapter replaces with its own values. */
const REPLACED_HEADERS: ReadonlySet<string> = new Set(['x-api-key', 'authorization']);

/** Response headers of an Anthropic error that steer the SDK's retries; relayed as they are. */
const RELAYED_ERROR_HEADERS = ['retry-after', 'x-should-retry'] as const;

/**
 * The Anthropic API itself: pass-through. The body goes out byte for byte (request tags and all,
 * the API understands them), the client's query string (`?beta=true`) is not needed, and errors
 * reach the client exactly as the API wrote them because Claude Code's retry logic reads them.
 */
export function createAnthropicAdapter(options: AnthropicAdapterOptions): UpstreamAdapter {
  const { endpoint, apiKey } = options;
  return {
    endpoint: { id: endpoint.id, provider: 'anthropic', baseUrl: endpoint.baseUrl },
    requestIdHeader: 'request-id',
    needsKeepAlivePings: false,
    supports: () => true,
    buildRequest: (call) => Promise.resolve(buildRequest(call, apiKey)),
    createStreamTranscoder: () => null,
    translateJsonResponse: () => null,
    translateError: (_call, error) => translateError(error),
  };
}

function buildRequest(call: UpstreamCall, apiKey: string): UpstreamHttpRequest {
  const headers = flattenHeaders(call.headers, REPLACED_HEADERS);
  headers['x-api-key'] = apiKey;
  headers['anthropic-version'] ??= DEFAULT_ANTHROPIC_VERSION;
  headers['content-type'] ??= 'application/json';
  return { path: PATHS[call.operation], headers, body: call.rawBody };
}

/**
 * Anthropic-shaped errors pass through unmodified, with one exception: a 401 means the
 * gateway's central key was refused, not the developer's sign-in. Relayed as is, Claude Code
 * would send the developer back through `/login`, which cannot help, so it becomes a 502.
 * Bodies that are not the envelope (a load balancer's HTML page) are wrapped into one.
 */
function translateError(error: UpstreamErrorResponse): ClientErrorResponse {
  const parsed = readAnthropicError(parseErrorJson(error.body));
  if (error.status === 401 || parsed === null) {
    return clientError({ ...errorForStatus(error.status), retryAfter: upstreamRetryAfter(error) });
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of RELAYED_ERROR_HEADERS) {
    const value = responseHeader(error.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  return { status: error.status, headers, body: error.body };
}
