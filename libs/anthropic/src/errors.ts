/**
 * The Anthropic error envelope, which every bearer-authenticated gateway endpoint answers with so
 * the SDK inside Claude Code shows the message to the developer:
 * `{"type":"error","error":{"type":"rate_limit_error","message":"…"}}`.
 */
export const ANTHROPIC_ERROR_TYPES = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'billing_error',
  'api_error',
  'overloaded_error',
  'not_supported',
  'timeout_error',
] as const;

export type AnthropicErrorType = (typeof ANTHROPIC_ERROR_TYPES)[number];

export interface AnthropicErrorBody {
  readonly type: 'error';
  readonly error: { readonly type: AnthropicErrorType; readonly message: string };
}

/**
 * Default HTTP status per error type. `billing_error` is 429 because the gateway protocol uses it
 * for a user's spend cap (the client keys its "usage limit" handling on 429); `not_supported` is
 * 501 for endpoints a backend lacks; 529 is Anthropic's "overloaded" status.
 */
export const ANTHROPIC_ERROR_STATUS: Readonly<Record<AnthropicErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  billing_error: 429,
  api_error: 500,
  not_supported: 501,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * Default `x-should-retry` per type when the gateway itself answers. `undefined` sends no header,
 * leaving the SDK's own policy (back off and retry 429/5xx). `false` is sent where retrying cannot
 * help: a gateway 401 (the bearer is checked locally, so a retry gets the same answer and without
 * the header the client retries for minutes before prompting for login), a spend cap (retrying
 * hammers the block) and an unsupported endpoint (without it the client asks again before falling
 * back). Callers override per response.
 */
export const ANTHROPIC_ERROR_SHOULD_RETRY: Readonly<
  Record<AnthropicErrorType, boolean | undefined>
> = {
  invalid_request_error: false,
  authentication_error: false,
  permission_error: false,
  not_found_error: false,
  request_too_large: false,
  rate_limit_error: undefined,
  billing_error: false,
  api_error: undefined,
  not_supported: false,
  timeout_error: undefined,
  overloaded_error: undefined,
};

const ERROR_TYPE_SET: ReadonlySet<string> = new Set(ANTHROPIC_ERROR_TYPES);

export function isAnthropicErrorType(value: unknown): value is AnthropicErrorType {
  return typeof value === 'string' && ERROR_TYPE_SET.has(value);
}

/** The error envelope for `type` with a message a developer can act on. */
export function anthropicError(type: AnthropicErrorType, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type, message } };
}

export interface GatewayErrorOptions {
  readonly type: AnthropicErrorType;
  readonly message: string;
  /** Overrides the type's default status (e.g. 503 for an `api_error` when no upstream is up). */
  readonly status?: number;
  /** Overrides `ANTHROPIC_ERROR_SHOULD_RETRY`; `undefined` keeps the type's default. */
  readonly shouldRetry?: boolean;
  /** Seconds until retrying makes sense; sent as `retry-after`. */
  readonly retryAfterSeconds?: number;
}

/** A response the gateway originates: status, lower-case headers and the serialised envelope. */
export interface GatewayErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Builds a complete gateway-originated error response with retry guidance headers. */
export function gatewayErrorResponse(options: GatewayErrorOptions): GatewayErrorResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const shouldRetry = options.shouldRetry ?? ANTHROPIC_ERROR_SHOULD_RETRY[options.type];
  if (shouldRetry !== undefined) headers['x-should-retry'] = shouldRetry ? 'true' : 'false';
  if (options.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(Math.max(0, Math.ceil(options.retryAfterSeconds)));
  }
  return {
    status: options.status ?? ANTHROPIC_ERROR_STATUS[options.type],
    headers,
    body: JSON.stringify(anthropicError(options.type, options.message)),
  };
}

/**
 * Reads `{type, message}` from a parsed upstream error body, or null when it is not the Anthropic
 * envelope. Unknown error types are kept as strings: the upstream may add types before we do.
 */
export function readAnthropicError(json: unknown): { type: string; message: string } | null {
  if (!isRecord(json) || json.type !== 'error' || !isRecord(json.error)) return null;
  const { type, message } = json.error;
  if (typeof type !== 'string') return null;
  return { type, message: typeof message === 'string' ? message : '' };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
