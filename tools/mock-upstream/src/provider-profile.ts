import type { OutgoingHttpHeaders } from 'node:http';
import type { StreamEvent } from './api-types';
import type { Exchange } from './http-util';

/** Simulated API failures, named by what went wrong; each provider renders them in its own shape. */
export type ApiErrorKind =
  | 'rate_limit'
  | 'overloaded'
  | 'api_error'
  | 'prompt_too_long'
  | 'request_too_large'
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found';

export interface ApiError {
  kind: ApiErrorKind;
  /** Replaces the provider's stock message for this kind. */
  message?: string;
  retryAfterSeconds?: number;
  /** Bedrock only: the exact `x-amzn-errortype` when a kind has several (e.g. auth failures). */
  awsType?: string;
}

export interface ReplyFacts {
  requestId: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  latencyMs: number;
  firstByteLatencyMs: number;
}

/**
 * Everything that differs between the Anthropic API, Bedrock and Vertex once a request has been
 * authenticated and parsed: ids, headers, how stream events are framed, and error shapes. The
 * shared messages handler reads these instead of branching on the provider.
 */
export interface ProviderProfile {
  name: 'anthropic' | 'bedrock' | 'vertex';
  idFlavour: '' | 'bdrk_' | 'vrtx_';
  newRequestId(): string;
  successHeaders(facts: ReplyFacts): OutgoingHttpHeaders;
  streamHeaders(requestId: string): OutgoingHttpHeaders;
  encodeEvent(event: StreamEvent, facts: ReplyFacts): string | Uint8Array;
  /** Undefined when the provider sends no keep-alive pings (Bedrock). */
  ping: string | Uint8Array | undefined;
  midStreamError(): string | Uint8Array;
  sendError(exchange: Exchange, error: ApiError, requestId: string): void;
}
