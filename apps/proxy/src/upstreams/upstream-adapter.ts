import type { UpstreamProvider } from '@gatehouse/contracts';

/**
 * The contract between the proxy's request path and one configured upstream endpoint (the
 * Anthropic API, one Bedrock region/account, one Vertex project/region). Provider differences
 * are described here — path, credentials, body rewrite, stream transcoding, error translation —
 * so the request path never branches on the provider. One adapter instance exists per configured
 * endpoint, built once at startup; everything per-request must be cheap.
 */

export type UpstreamOperation = 'messages' | 'count_tokens';

/** One configured endpoint, from the routing configuration. */
export interface UpstreamEndpoint {
  /** Stable id used in routes, metrics and usage events, e.g. `anthropic`, `bedrock-us-east-1`. */
  readonly id: string;
  readonly provider: UpstreamProvider;
  /** Origin (and optional base path) requests go to, e.g. `https://bedrock-runtime.us-east-1.amazonaws.com`. */
  readonly baseUrl: string;
}

/** The client's request as the adapter sees it: authenticated, admitted, model already mapped. */
export interface UpstreamCall {
  readonly operation: UpstreamOperation;
  readonly stream: boolean;
  /** Model id in this upstream's spelling (the routing table mapped it). */
  readonly upstreamModel: string;
  /** The client's body bytes, untouched. Pass-through adapters send exactly these. */
  readonly rawBody: Buffer;
  /** The same body, parsed. Adapters that rewrite copy it; they never mutate it. */
  readonly body: Readonly<Record<string, unknown>>;
  /**
   * Client headers allowed upstream (libs/anthropic `filterRequestHeaders`), lower-case names:
   * `anthropic-version`, `anthropic-beta`, `content-type`, `user-agent`, `x-stainless-*` …
   * Never the client's credentials.
   */
  readonly headers: Readonly<Record<string, string | string[]>>;
}

/** An HTTP request ready to send: path relative to the endpoint's baseUrl, final headers and body. */
export interface UpstreamHttpRequest {
  /** Path (and query) appended to `endpoint.baseUrl`, starting with `/`. */
  readonly path: string;
  /** Complete request headers including the upstream's credentials; no `content-length`. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * Turns an upstream's streaming body into Anthropic `text/event-stream` bytes, chunk by chunk,
 * without waiting for the end (e.g. AWS event-stream → SSE). Returns the bytes to forward now
 * (possibly empty). SSE-native upstreams have no transcoder: their bytes pass through untouched.
 */
export interface StreamTranscoder {
  push(chunk: Uint8Array): Uint8Array;
  /** Flushes what is left at the end of the upstream body; throws if the stream was truncated. */
  end(): Uint8Array;
}

/** An upstream response the client must not see as is (status ≥ 400). */
export interface UpstreamErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** What the client gets instead: always the Anthropic error envelope. */
export interface ClientErrorResponse {
  readonly status: number;
  /** Extra headers, e.g. `retry-after`, `x-should-retry`. */
  readonly headers: Record<string, string>;
  /** `{"type":"error","error":{"type":…,"message":…}}` bytes. */
  readonly body: Buffer;
}

export interface UpstreamAdapter {
  readonly endpoint: UpstreamEndpoint;
  /** Whether this endpoint can serve the operation for this model (Bedrock CountTokens needs a foundation-model id). */
  supports(operation: UpstreamOperation, upstreamModel: string): boolean;
  /** Builds the upstream request: path, credentials (API key, SigV4, OAuth token), body rewrite. */
  buildRequest(call: UpstreamCall): Promise<UpstreamHttpRequest>;
  /** A fresh transcoder per streamed response, or null when the upstream already speaks Anthropic SSE. */
  createStreamTranscoder(call: UpstreamCall): StreamTranscoder | null;
  /**
   * Rewrites a successful non-streaming body into the Anthropic shape when the upstream differs
   * (Bedrock CountTokens `{"inputTokens":N}` → `{"input_tokens":N}`); null means pass it through.
   */
  translateJsonResponse(call: UpstreamCall, body: Buffer): Buffer | null;
  /**
   * The client-facing version of an upstream error. Anthropic-shaped errors from the Anthropic API
   * pass through unmodified (Claude Code's retry logic reads them). Cloud errors keep their
   * `error.type` but lose account ids/ARNs/project ids, except the messages Claude Code's recovery
   * keys on (`prompt is too long…`, `Input is too long.`), see the gateway protocol reference.
   */
  translateError(call: UpstreamCall, error: UpstreamErrorResponse): ClientErrorResponse;
  /** Response header carrying the upstream's request id (`request-id`, `x-amzn-requestid`, …). */
  readonly requestIdHeader: string;
  /** True when the upstream sends no `ping` events (Bedrock): the proxy adds its own during silent gaps. */
  readonly needsKeepAlivePings: boolean;
}
