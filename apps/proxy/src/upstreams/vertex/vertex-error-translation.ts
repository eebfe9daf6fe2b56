import { isRecord } from '@gatehouse/anthropic';
import {
  type ClientErrorRule,
  clientError,
  CREDENTIALS_REFUSED,
  errorForStatus,
  errorRule,
  genericMessage,
  INPUT_TOO_LONG_MESSAGE,
  mentionsSafeguards,
  parseErrorJson,
  SAFEGUARDS_UNSUPPORTED_MESSAGE,
  translateCloudAnthropicError,
  upstreamRetryAfter,
  type WithheldErrorObserver,
} from '../anthropic/client-error';
import type { ClientErrorResponse, UpstreamErrorResponse } from '../upstream-adapter';

export interface VertexErrorContext {
  readonly endpointId: string;
  readonly onWithheldError?: WithheldErrorObserver;
}

/**
 * Google's canonical status names → Anthropic error type and client status. `UNAUTHENTICATED`
 * means Google refused the gateway's service account, not the developer's sign-in: 502.
 */
export const GOOGLE_STATUS_RULES: Readonly<Record<string, ClientErrorRule>> = {
  INVALID_ARGUMENT: errorRule('invalid_request_error', 400),
  FAILED_PRECONDITION: errorRule('invalid_request_error', 400),
  OUT_OF_RANGE: errorRule('invalid_request_error', 400),
  UNAUTHENTICATED: CREDENTIALS_REFUSED,
  PERMISSION_DENIED: errorRule('permission_error', 403),
  NOT_FOUND: errorRule('not_found_error', 404),
  RESOURCE_EXHAUSTED: errorRule('rate_limit_error', 429),
  UNAVAILABLE: errorRule('overloaded_error', 529),
  DEADLINE_EXCEEDED: errorRule('timeout_error', 504),
  INTERNAL: errorRule('api_error', 500),
  UNKNOWN: errorRule('api_error', 500),
};

/** Vertex's body-size refusal, e.g. `The request size (30037042 bytes) exceeds 30.000MB limit.` */
const SIZE_LIMIT_MESSAGE = /^The (?:request|message) size \(\d+ bytes\) exceeds [\d.]+MB limit\.?$/;

interface GoogleError {
  readonly code: number | undefined;
  readonly status: string | undefined;
  readonly message: string;
}

/**
 * Vertex errors come in two shapes: Google's front end answers `{"error":{"code","status",
 * "message"}}`, and the model service answers in Anthropic's envelope. Anthropic 400/413s are
 * relayed; Google's messages name projects and quotas, so they become generic — except the size
 * refusal, which becomes `Input is too long.` so Claude Code's recovery (drop images, compact)
 * runs as it does for Bedrock.
 */
export function translateVertexError(
  error: UpstreamErrorResponse,
  context: VertexErrorContext,
): ClientErrorResponse {
  const json = parseErrorJson(error.body);
  const google = readGoogleError(json);
  const withhold = (): void =>
    context.onWithheldError?.({
      endpointId: context.endpointId,
      status: error.status,
      upstreamType: google?.status,
      upstreamMessage: google?.message,
    });
  const enveloped = translateCloudAnthropicError(error, json, genericMessage);
  if (enveloped !== null) {
    if (error.status !== 400 && error.status !== 413) withhold();
    return enveloped;
  }
  const retryAfter = upstreamRetryAfter(error);
  if (google !== null && SIZE_LIMIT_MESSAGE.test(google.message)) {
    return clientError({
      type: 'invalid_request_error',
      status: 400,
      message: INPUT_TOO_LONG_MESSAGE,
    });
  }
  withhold();
  const rule =
    (google?.status !== undefined ? GOOGLE_STATUS_RULES[google.status] : undefined) ??
    errorForStatus(error.status);
  const message =
    rule.type === 'invalid_request_error' && google !== null && mentionsSafeguards(google.message)
      ? SAFEGUARDS_UNSUPPORTED_MESSAGE
      : rule.message;
  return clientError({ ...rule, message, retryAfter });
}

/** `{"error":{…}}`, or the same wrapped in a one-element array as some Google endpoints send. */
function readGoogleError(json: unknown): GoogleError | null {
  const root = Array.isArray(json) ? (json[0] as unknown) : json;
  if (!isRecord(root) || !isRecord(root.error)) return null;
  const { code, status, message } = root.error;
  return {
    code: typeof code === 'number' ? code : undefined,
    status: typeof status === 'string' ? status : undefined,
    message: typeof message === 'string' ? message : '',
  };
}
