import { isRecord } from '@gatehouse/anthropic';
import {
  clientError,
  errorForStatus,
  genericMessage,
  isRelayedMessage,
  mentionsSafeguards,
  parseErrorJson,
  SAFEGUARDS_UNSUPPORTED_MESSAGE,
  translateCloudAnthropicError,
  upstreamRetryAfter,
  type WithheldErrorObserver,
} from '../anthropic/client-error';
import { responseHeader } from '../anthropic/header-values';
import type { ClientErrorResponse, UpstreamCall, UpstreamErrorResponse } from '../upstream-adapter';
import { bedrockErrorName, bedrockErrorRule, unwrapModelMessage } from './bedrock-error-table';

export interface BedrockErrorContext {
  readonly endpointId: string;
  readonly onWithheldError?: WithheldErrorObserver;
}

/**
 * Bedrock's `{"message": …}` + `x-amzn-errortype` → the Anthropic envelope. The type comes from
 * the exception name; the message is generic because Bedrock's can name the account, the
 * inference-profile ARN or the role. Kept word for word: `Input is too long.` and
 * `prompt is too long: …` (Claude Code recovers on them), and a 400/413 already in Anthropic's
 * envelope. A failed CountTokens becomes `501 not_supported`, after which Claude Code counts
 * with an ordinary request instead.
 */
export function translateBedrockError(
  call: UpstreamCall,
  error: UpstreamErrorResponse,
  context: BedrockErrorContext,
): ClientErrorResponse {
  const json = parseErrorJson(error.body);
  const upstreamType = bedrockErrorName(responseHeader(error.headers, 'x-amzn-errortype'));
  const upstreamMessage = readMessage(json);
  const withhold = (): void =>
    context.onWithheldError?.({
      endpointId: context.endpointId,
      status: error.status,
      upstreamType,
      upstreamMessage,
    });

  if (call.operation === 'count_tokens') {
    withhold();
    return clientError({
      type: 'not_supported',
      message: 'Token counting is not available for this model on this upstream.',
    });
  }
  const enveloped = translateCloudAnthropicError(error, json, genericMessage);
  if (enveloped !== null) {
    if (error.status !== 400 && error.status !== 413) withhold();
    return enveloped;
  }
  const { type, status, message } = bedrockErrorRule(upstreamType) ?? errorForStatus(error.status);
  const retryAfter = upstreamRetryAfter(error);
  const unwrapped = upstreamMessage === undefined ? '' : unwrapModelMessage(upstreamMessage);
  if (type === 'invalid_request_error' && isRelayedMessage(unwrapped)) {
    return clientError({ type, status, message: unwrapped, retryAfter });
  }
  withhold();
  if (type === 'invalid_request_error' && mentionsSafeguards(unwrapped)) {
    return clientError({ type, status, message: SAFEGUARDS_UNSUPPORTED_MESSAGE, retryAfter });
  }
  return clientError({ type, status, message, retryAfter });
}

/** Bedrock spells it `message`; some AWS front ends use `Message`. */
function readMessage(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  const message = json.message ?? json.Message;
  return typeof message === 'string' ? message : undefined;
}
