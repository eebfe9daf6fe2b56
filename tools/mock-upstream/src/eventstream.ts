import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { StreamEvent } from './api-types';

// Bedrock's InvokeModelWithResponseStream body is AWS binary event-stream: each Anthropic stream
// event becomes one `chunk` message whose JSON payload carries the event JSON base64-encoded.
const codec = new EventStreamCodec(toUtf8, fromUtf8);

type MessageHeaders = Parameters<EventStreamCodec['encode']>[0]['headers'];

const CHUNK_HEADERS: MessageHeaders = {
  ':event-type': { type: 'string', value: 'chunk' },
  ':content-type': { type: 'string', value: 'application/json' },
  ':message-type': { type: 'string', value: 'event' },
};

export function encodeBedrockChunk(event: StreamEvent): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(event)).toString('base64');
  return codec.encode({ headers: CHUNK_HEADERS, body: fromUtf8(JSON.stringify({ bytes })) });
}

/** A modeled exception inside the stream, e.g. `modelStreamErrorException`, as Bedrock sends mid-stream failures. */
export function encodeBedrockException(
  exceptionType: string,
  payload: Record<string, unknown>,
): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

export interface DecodedBedrockMessage {
  headers: Record<string, string>;
  /** For `chunk` events: the Anthropic event inside; otherwise the raw JSON payload. */
  payload: Record<string, unknown>;
}

/** Decodes a whole event-stream body; used by tests and by anyone inspecting the mock's output. */
export function decodeBedrockStream(body: Uint8Array): DecodedBedrockMessage[] {
  const out: DecodedBedrockMessage[] = [];
  const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Each message starts with its total length (big-endian uint32); the codec decodes one at a time.
  for (let offset = 0; offset + 4 <= view.length;) {
    const length = view.readUInt32BE(offset);
    const message = codec.decode(view.subarray(offset, offset + length));
    offset += length;
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers))
      headers[name] = String(header.value);
    const json = JSON.parse(toUtf8(message.body)) as Record<string, unknown>;
    const payload =
      headers[':event-type'] === 'chunk' && typeof json.bytes === 'string'
        ? (JSON.parse(Buffer.from(json.bytes, 'base64').toString('utf8')) as Record<
            string,
            unknown
          >)
        : json;
    out.push({ headers, payload });
  }
  return out;
}
