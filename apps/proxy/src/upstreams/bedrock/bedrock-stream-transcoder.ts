import {
  anthropicError,
  type AnthropicErrorType,
  isAnthropicErrorType,
  isRecord,
  readAnthropicError,
} from '@gatehouse/anthropic';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GENERIC_UPSTREAM_MESSAGES, isRelayedMessage } from '../anthropic/client-error';
import type { StreamTranscoder } from '../upstream-adapter';
import { BedrockAdapterError, BedrockAdapterErrorCode } from './bedrock-adapter-error';
import { bedrockErrorRule, unwrapModelMessage } from './bedrock-error-table';
import { EventStreamSplitter } from './event-stream-splitter';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const EMPTY = new Uint8Array(0);

/** Bedrock's usage report on `message_stop`; not part of the Anthropic event, so removed. */
const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';

type DecodedMessage = ReturnType<EventStreamCodec['decode']>;

/**
 * Bedrock's InvokeModelWithResponseStream body (AWS binary event-stream) → Anthropic SSE.
 * Each `chunk` event carries one Anthropic stream event as base64 JSON, re-emitted as
 * `event: <type>` / `data: <json>`; exception messages become an SSE `error` event in the
 * Anthropic envelope, which is how the Anthropic API reports a failure mid-stream.
 */
export class BedrockStreamTranscoder implements StreamTranscoder {
  private readonly splitter = new EventStreamSplitter();

  push(chunk: Uint8Array): Uint8Array {
    const messages = this.splitter.push(chunk);
    if (messages.length === 0) return EMPTY;
    let out = '';
    for (const message of messages) out += transcodeMessage(decode(message));
    return Buffer.from(out, 'utf8');
  }

  end(): Uint8Array {
    this.splitter.end();
    return EMPTY;
  }
}

function decode(bytes: Uint8Array): DecodedMessage {
  try {
    return codec.decode(bytes);
  } catch (error) {
    throw new BedrockAdapterError(
      BedrockAdapterErrorCode.MalformedStreamMessage,
      `undecodable event-stream message: ${(error as Error).message}`,
    );
  }
}

function headerValue(message: DecodedMessage, name: string): string | undefined {
  const header = message.headers[name];
  return header === undefined ? undefined : String(header.value);
}

function transcodeMessage(message: DecodedMessage): string {
  switch (headerValue(message, ':message-type')) {
    case 'event':
      return headerValue(message, ':event-type') === 'chunk' ? chunkEvent(message.body) : '';
    case 'exception':
      return errorEvent(headerValue(message, ':exception-type'), parseJson(toUtf8(message.body)));
    case 'error':
      return errorEvent(headerValue(message, ':error-code'), {
        message: headerValue(message, ':error-message'),
      });
    default:
      return '';
  }
}

function chunkEvent(body: Uint8Array): string {
  const envelope = parseJson(toUtf8(body));
  if (!isRecord(envelope) || typeof envelope.bytes !== 'string') {
    throw new BedrockAdapterError(
      BedrockAdapterErrorCode.MalformedStreamMessage,
      'chunk event without base64 `bytes`',
    );
  }
  const text = Buffer.from(envelope.bytes, 'base64').toString('utf8');
  const event = parseJson(text);
  if (!isRecord(event) || typeof event.type !== 'string') {
    throw new BedrockAdapterError(
      BedrockAdapterErrorCode.MalformedStreamMessage,
      'chunk event whose payload is not an Anthropic stream event',
    );
  }
  // The event's own bytes are forwarded when they already fit on one SSE data line; only an
  // event that must change (or that contains line breaks) is serialised again.
  let data = text;
  if (INVOCATION_METRICS in event) {
    delete event[INVOCATION_METRICS];
    data = JSON.stringify(event);
  } else if (/[\r\n]/.test(text)) {
    data = JSON.stringify(event);
  }
  return `event: ${event.type}\ndata: ${data}\n\n`;
}

/**
 * A stream exception in the Anthropic shape. `modelStreamErrorException` wraps the model's own
 * error (`originalMessage`, often the Anthropic envelope): its type is kept. Messages are generic
 * unless the client's recovery keys on them.
 */
function errorEvent(exceptionName: string | undefined, payload: unknown): string {
  const rule = bedrockErrorRule(exceptionName);
  let type: AnthropicErrorType = rule?.type ?? 'api_error';
  let message = rule?.message ?? GENERIC_UPSTREAM_MESSAGES.api_error;
  const original = isRecord(payload)
    ? readAnthropicError(parseJson(payload.originalMessage))
    : null;
  if (original !== null && isAnthropicErrorType(original.type)) {
    type = original.type;
    message = GENERIC_UPSTREAM_MESSAGES[type];
  }
  const upstreamMessage =
    original?.message ??
    (isRecord(payload) && typeof payload.message === 'string' ? payload.message : '');
  const unwrapped = unwrapModelMessage(upstreamMessage);
  if (isRelayedMessage(unwrapped)) message = unwrapped;
  return `event: error\ndata: ${JSON.stringify(anthropicError(type, message))}\n\n`;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
