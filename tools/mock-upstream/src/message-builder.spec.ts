import type { StreamEvent } from './api-types';
import { decodeBedrockStream, encodeBedrockChunk, encodeBedrockException } from './eventstream';
import { buildMessage, buildStreamSteps, type MessageParts } from './message-builder';
import { parseSse, sseFrame } from './sse';

const parts: MessageParts = {
  id: 'msg_01test',
  model: 'claude-sonnet-4-5',
  reply: {
    content: [
      { type: 'text', text: 'Hello there, friend.' },
      { type: 'tool_use', id: 'toolu_01x', name: 'Bash', input: { command: 'ls -la' } },
    ],
    stopReason: 'tool_use',
    stopSequence: null,
    outputTokens: 12,
  },
  input: {
    input_tokens: 10,
    cache_creation_input_tokens: 20,
    cache_read_input_tokens: 30,
    cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 0 },
  },
};

const types = (events: StreamEvent[]) => events.map((event) => event.type);

describe('stream events', () => {
  const events = buildStreamSteps(parts, 1, true).map((step) => step.event);

  it('follow the API order with one ping after the first block start', () => {
    expect(types(events)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array(5).fill('content_block_delta'),
      'content_block_stop',
      'content_block_start',
      ...Array(1 + Math.ceil(JSON.stringify({ command: 'ls -la' }).length / 4)).fill(
        'content_block_delta',
      ),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('rebuild the same text and tool input from their deltas', () => {
    const text = events
      .filter((e) => e.type === 'content_block_delta' && e.index === 0)
      .map((e) => (e.delta as { text: string }).text)
      .join('');
    const json = events
      .filter((e) => e.type === 'content_block_delta' && e.index === 1)
      .map((e) => (e.delta as { partial_json: string }).partial_json)
      .join('');
    expect(text).toBe('Hello there, friend.');
    expect(JSON.parse(json)).toEqual({ command: 'ls -la' });
  });

  it('carry input usage in message_start and cumulative usage in message_delta', () => {
    expect(events[0]).toMatchObject({
      message: {
        content: [],
        stop_reason: null,
        usage: { input_tokens: 10, cache_read_input_tokens: 30, output_tokens: 1 },
      },
    });
    const delta = events.find((e) => e.type === 'message_delta');
    expect(delta).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: {
        input_tokens: 10,
        cache_creation_input_tokens: 20,
        cache_read_input_tokens: 30,
        output_tokens: 12,
      },
    });
  });

  it('leave pings out for Bedrock and mark the first delta', () => {
    const steps = buildStreamSteps(parts, 4, false);
    expect(types(steps.map((s) => s.event))).not.toContain('ping');
    expect(steps.filter((s) => s.firstDelta)).toHaveLength(1);
    expect(steps.find((s) => s.firstDelta)?.event.type).toBe('content_block_delta');
  });

  it('match the non-streaming message', () => {
    expect(buildMessage(parts)).toMatchObject({
      id: 'msg_01test',
      type: 'message',
      role: 'assistant',
      stop_reason: 'tool_use',
      usage: {
        output_tokens: 12,
        service_tier: 'standard',
        server_tool_use: { web_search_requests: 0 },
      },
    });
  });
});

describe('SSE framing', () => {
  it('writes event and data lines and parses back', () => {
    const frame = sseFrame({ type: 'ping' });
    expect(frame).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    const body = buildStreamSteps(parts, 4, true)
      .map((s) => sseFrame(s.event))
      .join('');
    expect(types(parseSse(body))[0]).toBe('message_start');
    expect(parseSse(body)).toHaveLength(buildStreamSteps(parts, 4, true).length);
  });
});

describe('Bedrock event-stream framing', () => {
  it('wraps each event as a base64 chunk and decodes back', () => {
    const event = {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'héllo' },
    };
    const bytes = Buffer.concat([
      encodeBedrockChunk(event),
      encodeBedrockException('modelStreamErrorException', { message: 'boom' }),
    ]);
    const [chunk, exception] = decodeBedrockStream(bytes);
    expect(chunk.headers).toEqual({
      ':event-type': 'chunk',
      ':content-type': 'application/json',
      ':message-type': 'event',
    });
    expect(chunk.payload).toEqual(event);
    expect(exception.headers[':exception-type']).toBe('modelStreamErrorException');
    expect(exception.payload).toEqual({ message: 'boom' });
  });
});
