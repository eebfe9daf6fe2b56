import { parseSseTranscript } from '@gatehouse/anthropic';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { BedrockAdapterErrorCode } from './bedrock-adapter-error';
import { BedrockStreamTranscoder } from './bedrock-stream-transcoder';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function chunk(event: Record<string, unknown>): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(event)).toString('base64');
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: 'chunk' },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify({ bytes })),
  });
}

function exception(name: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: name },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

const start = {
  type: 'message_start',
  message: { id: 'msg_1', usage: { input_tokens: 12, output_tokens: 1 } },
};
const delta = {
  type: 'content_block_delta',
  index: 0,
  delta: { type: 'text_delta', text: 'héllo' },
};
const messageDelta = {
  type: 'message_delta',
  delta: { stop_reason: 'end_turn' },
  usage: { output_tokens: 5 },
};
const stop = {
  type: 'message_stop',
  'amazon-bedrock-invocationMetrics': { inputTokenCount: 12, outputTokenCount: 5 },
};

function run(chunks: Uint8Array[]): string {
  const transcoder = new BedrockStreamTranscoder();
  const out = chunks.map((c) => Buffer.from(transcoder.push(c)));
  out.push(Buffer.from(transcoder.end()));
  return Buffer.concat(out).toString('utf8');
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(bytes.slice(from, cut));
    from = cut;
  }
  return parts;
}

describe('BedrockStreamTranscoder', () => {
  const whole = Buffer.concat([chunk(start), chunk(delta), chunk(messageDelta), chunk(stop)]);
  const expectedEvents = [
    { event: 'message_start', data: JSON.stringify(start) },
    { event: 'content_block_delta', data: JSON.stringify(delta) },
    { event: 'message_delta', data: JSON.stringify(messageDelta) },
    { event: 'message_stop', data: '{"type":"message_stop"}' },
  ];

  it('re-emits each chunk as an SSE event and strips the invocation metrics', () => {
    const sse = run([whole]);
    expect(parseSseTranscript(sse)).toEqual(expectedEvents);
    expect(sse).not.toContain('invocationMetrics');
    expect(sse.startsWith(`event: message_start\ndata: ${JSON.stringify(start)}\n\n`)).toBe(true);
  });

  it('handles a message split across three chunks and two messages in one chunk', () => {
    const first = chunk(start).length;
    const second = first + chunk(delta).length;
    // Cut 2 bytes into the length prefix of message 2, then mid-payload, then join messages 3+4.
    const parts = split(whole, [first + 2, first + 40, second + 1]);
    expect(parts).toHaveLength(4);
    expect(parseSseTranscript(run(parts))).toEqual(expectedEvents);
  });

  it('produces the same output when fed one byte at a time', () => {
    const bytes = [...whole].map((b) => Uint8Array.of(b));
    expect(parseSseTranscript(run(bytes))).toEqual(expectedEvents);
  });

  it('does not depend on the caller keeping its chunk buffers', () => {
    const transcoder = new BedrockStreamTranscoder();
    const reused = new Uint8Array(whole.length);
    reused.set(whole.subarray(0, 30));
    const out = [Buffer.from(transcoder.push(reused.subarray(0, 30)))];
    reused.fill(0);
    reused.set(whole.subarray(30));
    out.push(Buffer.from(transcoder.push(reused.subarray(0, whole.length - 30))));
    expect(parseSseTranscript(Buffer.concat(out))).toEqual(expectedEvents);
  });

  it('turns a stream exception into an SSE error event with the model error type', () => {
    const sse = run([
      chunk(start),
      exception('modelStreamErrorException', {
        message: 'The model encountered an error in account 123456789012',
        originalStatusCode: 529,
        originalMessage:
          '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      }),
    ]);
    const events = parseSseTranscript(sse);
    expect(events[1]).toEqual({
      event: 'error',
      data: JSON.stringify({
        type: 'error',
        error: { type: 'overloaded_error', message: 'The upstream is overloaded; retry shortly.' },
      }),
    });
    expect(sse).not.toContain('123456789012');
  });

  it.each([
    ['throttlingException', 'rate_limit_error'],
    ['internalServerException', 'api_error'],
    ['serviceUnavailableException', 'overloaded_error'],
    ['somethingNewException', 'api_error'],
  ])('maps %s to %s', (name, type) => {
    const [event] = parseSseTranscript(run([exception(name, { message: 'x' })]));
    expect(event.event).toBe('error');
    expect(JSON.parse(event.data ?? '').error.type).toBe(type);
  });

  it('relays the too-long message Claude Code recovers on', () => {
    const [event] = parseSseTranscript(
      run([exception('validationException', { message: 'Input is too long.' })]),
    );
    expect(JSON.parse(event.data ?? '')).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Input is too long.' },
    });
  });

  it('throws a coded error when the stream ends inside a message', () => {
    const transcoder = new BedrockStreamTranscoder();
    transcoder.push(whole.subarray(0, whole.length - 3));
    expect(() => transcoder.end()).toThrow(
      expect.objectContaining({ code: BedrockAdapterErrorCode.TruncatedStream }),
    );
  });

  it('throws a coded error for a corrupted message', () => {
    const corrupted = Buffer.from(chunk(delta));
    corrupted[corrupted.length - 10] ^= 0xff;
    expect(() => new BedrockStreamTranscoder().push(corrupted)).toThrow(
      expect.objectContaining({ code: BedrockAdapterErrorCode.MalformedStreamMessage }),
    );
  });
});
