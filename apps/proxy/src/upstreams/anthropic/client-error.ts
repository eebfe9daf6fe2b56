import {
  type AnthropicErrorType,
  gatewayErrorResponse,
  isAnthropicErrorType,
  readAnthropicError,
} from '@gatehouse/anthropic';
import type { ClientErrorResponse, UpstreamErrorResponse } from '../upstream-adapter';
import { responseHeader } from './header-values';

/**
 * Building blocks for `translateError`: the client always gets the Anthropic envelope, with
 * retry guidance, and never an upstream's account details.
 */

export interface ClientErrorOptions {
  readonly type: AnthropicErrorType;
  readonly message: string;
  readonly status?: number;
  /** `retry-after` from the upstream, copied when it is a number of seconds. */
  readonly retryAfter?: string;
}

export function clientError(options: ClientErrorOptions): ClientErrorResponse {
  const seconds = options.retryAfter === undefined ? undefined : Number(options.retryAfter);
  const response = gatewayErrorResponse({
    type: options.type,
    message: options.message,
    status: options.status,
    retryAfterSeconds: seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined,
  });
  return {
    status: response.status,
    headers: { ...response.headers },
    body: Buffer.from(response.body),
  };
}

/** Parses an upstream error body; null when it is not JSON (an HTML page from a load balancer…). */
export function parseErrorJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/** The upstream's `retry-after`, when it sent one. */
export function upstreamRetryAfter(error: UpstreamErrorResponse): string | undefined {
  return responseHeader(error.headers, 'retry-after');
}

/**
 * Messages Claude Code's recovery keys on, relayed word for word: `prompt is too long: …`
 * starts auto-compaction, Bedrock's whole-message `Input is too long.` drops older images
 * and then compacts, and a refused `role: "system"` message (Bedrock's `Malformed input request:
 * messages.1.role: Input should be 'user' or 'assistant', …`) makes it resend the turn with the
 * environment block inside the user message; without that text the session fails after retries.
 * They carry no account details.
 */
const RELAYED_MESSAGES: readonly RegExp[] = [
  /^prompt is too long\b/,
  /^Input is too long\.$/,
  /\bmessages\.\d+\.role: Input should be 'user' or 'assistant'/,
];

export const INPUT_TOO_LONG_MESSAGE = 'Input is too long.';

export function isRelayedMessage(message: string): boolean {
  return RELAYED_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * The client drops auto mode's `safeguards` field and retries when a 400 names it, so a refusal
 * of that field keeps the name in the otherwise generic message.
 */
export function mentionsSafeguards(message: string): boolean {
  return /\bsafeguards?\b/.test(message);
}

export const SAFEGUARDS_UNSUPPORTED_MESSAGE =
  'This upstream does not accept the safeguards field; retry without safeguards.';

/**
 * A 400/413 in Anthropic's own envelope from a cloud upstream: its message comes from the model
 * service and the client's recovery may key on it, so it is relayed (with its type); every other
 * Anthropic-shaped error keeps its type and gets a generic message. Null when not the envelope.
 */
export function translateCloudAnthropicError(
  error: UpstreamErrorResponse,
  json: unknown,
  genericMessage: (type: AnthropicErrorType) => string,
): ClientErrorResponse | null {
  const parsed = readAnthropicError(json);
  if (parsed === null) return null;
  const type: AnthropicErrorType = isAnthropicErrorType(parsed.type) ? parsed.type : 'api_error';
  const relay = error.status === 400 || error.status === 413;
  return clientError({
    type,
    status: error.status,
    message: relay ? parsed.message : genericMessage(type),
    retryAfter: upstreamRetryAfter(error),
  });
}

/** Generic client-facing messages per type for errors whose upstream text is withheld. */
export const GENERIC_UPSTREAM_MESSAGES: Readonly<Record<AnthropicErrorType, string>> = {
  invalid_request_error: 'The upstream rejected the request as invalid.',
  authentication_error: "The upstream rejected the gateway's credentials.",
  permission_error: "The gateway's upstream account is not allowed to use this model.",
  not_found_error: 'The upstream does not know this model or resource.',
  request_too_large: 'The request is too large for the upstream.',
  rate_limit_error: 'The upstream is rate limiting requests; retry shortly.',
  billing_error: 'The upstream refused the request for billing reasons.',
  api_error: 'The upstream failed to process the request.',
  overloaded_error: 'The upstream is overloaded; retry shortly.',
  not_supported: 'The upstream does not support this request.',
  timeout_error: 'The upstream timed out.',
};

export const genericMessage = (type: AnthropicErrorType): string => GENERIC_UPSTREAM_MESSAGES[type];

/** Details of an upstream error whose message the client does not see, for the operator's log. */
export interface WithheldUpstreamError {
  readonly endpointId: string;
  readonly status: number;
  /** The upstream's own error name (`ThrottlingException`, `RESOURCE_EXHAUSTED`, …). */
  readonly upstreamType: string | undefined;
  readonly upstreamMessage: string | undefined;
}

/** Called with every error whose upstream message was replaced, so the operator can log it. */
export type WithheldErrorObserver = (error: WithheldUpstreamError) => void;

/** How an upstream error reaches the client when its own text is withheld. */
export interface ClientErrorRule {
  readonly type: AnthropicErrorType;
  readonly status: number;
  readonly message: string;
}

export function errorRule(
  type: AnthropicErrorType,
  status: number,
  message: string = GENERIC_UPSTREAM_MESSAGES[type],
): ClientErrorRule {
  return { type, status, message };
}

/**
 * The gateway's own upstream credentials were refused. The developer's sign-in is fine, so the
 * client gets a 502: a 401 would send them through `/login`, which cannot help.
 */
export const CREDENTIALS_REFUSED: ClientErrorRule = errorRule(
  'api_error',
  502,
  GENERIC_UPSTREAM_MESSAGES.authentication_error,
);

/** The client-facing error for an upstream status alone, for bodies that say nothing usable. */
export function errorForStatus(status: number): ClientErrorRule {
  switch (status) {
    case 400:
      return errorRule('invalid_request_error', status);
    case 401:
      return CREDENTIALS_REFUSED;
    case 403:
      return errorRule('permission_error', status);
    case 404:
      return errorRule('not_found_error', status);
    case 413:
      return errorRule('request_too_large', status);
    case 429:
      return errorRule('rate_limit_error', status);
    case 503:
    case 529:
      return errorRule('overloaded_error', 529);
    case 504:
      return errorRule('timeout_error', status);
    default:
      return errorRule('api_error', status >= 500 ? status : 502);
  }
}
