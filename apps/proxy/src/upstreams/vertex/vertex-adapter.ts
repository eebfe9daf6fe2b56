import { compileBetaRules, REQUEST_TAGS_RULE } from '../anthropic/beta-field-rules';
import type { WithheldErrorObserver } from '../anthropic/client-error';
import { flattenHeaders } from '../anthropic/header-values';
import type { UpstreamAdapter, UpstreamCall, UpstreamHttpRequest } from '../upstream-adapter';
import type { AccessTokenSource } from './google-service-account-token-source';
import { vertexBetaHeader, vertexBodyBytes } from './vertex-body';
import { translateVertexError } from './vertex-error-translation';

export interface VertexAdapterOptions {
  readonly endpoint: { readonly id: string; readonly baseUrl: string };
  readonly projectId: string;
  /** Vertex location, e.g. `us-east5`, `europe-west1` or `global`. */
  readonly region: string;
  readonly tokenSource: AccessTokenSource;
  /** Sees the upstream text of every error the client gets a generic message for. */
  readonly onWithheldError?: WithheldErrorObserver;
}

/** Vertex rejects the Anthropic API's request tags; its other betas it accepts in the header. */
const VERTEX_BETA_RULES = compileBetaRules([REQUEST_TAGS_RULE]);

/**
 * Client headers that do not go to Vertex: credentials are replaced by the OAuth token, the
 * betas are re-sent filtered, and `anthropic-version` travels in the body in Vertex's spelling.
 */
const REPLACED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-api-key',
  'anthropic-beta',
  'anthropic-version',
]);

/** Model ids keep their `@` (`claude-sonnet-4-5@20250929`), as Google's own clients send them. */
function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}

/**
 * Claude on Google Vertex AI for one project and location: the publisher model's rawPredict
 * (JSON) and streamRawPredict (Anthropic SSE, passed through untouched) with a service-account
 * access token.
 */
export function createVertexAdapter(options: VertexAdapterOptions): UpstreamAdapter {
  const { endpoint, tokenSource } = options;
  const modelsPath = `/v1/projects/${pathSegment(options.projectId)}/locations/${pathSegment(
    options.region,
  )}/publishers/anthropic/models`;
  const countTokensPath = `${modelsPath}/count-tokens:rawPredict`;
  const errorContext = { endpointId: endpoint.id, onWithheldError: options.onWithheldError };

  const pathFor = (call: UpstreamCall): string => {
    if (call.operation === 'count_tokens') return countTokensPath;
    const method = call.stream ? 'streamRawPredict' : 'rawPredict';
    return `${modelsPath}/${pathSegment(call.upstreamModel)}:${method}`;
  };

  const buildRequest = async (call: UpstreamCall): Promise<UpstreamHttpRequest> => {
    const body = vertexBodyBytes(call, VERTEX_BETA_RULES);
    const headers = flattenHeaders(call.headers, REPLACED_HEADERS);
    const betas = vertexBetaHeader(call, VERTEX_BETA_RULES);
    if (betas !== undefined) headers['anthropic-beta'] = betas;
    headers['content-type'] = 'application/json';
    headers.authorization = `Bearer ${await tokenSource.getAccessToken()}`;
    return { path: pathFor(call), headers, body };
  };

  return {
    endpoint: { id: endpoint.id, provider: 'vertex', baseUrl: endpoint.baseUrl },
    requestIdHeader: 'x-request-id',
    needsKeepAlivePings: false,
    supports: () => true,
    buildRequest,
    createStreamTranscoder: () => null,
    translateJsonResponse: () => null,
    translateError: (_call, error) => translateVertexError(error, errorContext),
  };
}
