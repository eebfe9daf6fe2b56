import { type MockUpstream, startMockUpstream } from './server';
import { parseSse } from './sse';

describe('timing knobs over the wire', () => {
  let mock: MockUpstream;
  beforeAll(async () => {
    mock = await startMockUpstream();
  });
  afterAll(() => mock.close());

  async function timedStream(headers: Record<string, string>) {
    const started = Date.now();
    const response = await fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'k',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify({
        model: 'claude-mock',
        max_tokens: 1000,
        stream: true,
        messages: [{ role: 'user', content: 'pace me' }],
      }),
    });
    const headersAt = Date.now() - started;
    const events: Array<{ type: string; at: number }> = [];
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      const end = buffer.lastIndexOf('\n\n');
      if (end < 0) continue;
      for (const event of parseSse(buffer.slice(0, end + 2)))
        events.push({ type: event.type, at: Date.now() - started });
      buffer = buffer.slice(end + 2);
    }
    return { headersAt, events };
  }

  it('respects the token rate: 40 tokens at 200 tokens/s take at least ~150 ms', async () => {
    const { events } = await timedStream({
      'x-mock-output-tokens': '40',
      'x-mock-tokens-per-sec': '200',
      'x-mock-chunk-tokens': '4',
    });
    const deltas = events.filter((e) => e.type === 'content_block_delta');
    expect(deltas).toHaveLength(10);
    expect(deltas[deltas.length - 1].at - deltas[0].at).toBeGreaterThanOrEqual(150);
    expect(events[events.length - 1].type).toBe('message_stop');
  });

  it('delays the first byte and pings while the first token is pending', async () => {
    const { headersAt, events } = await timedStream({
      'x-mock-first-byte-ms': '100',
      'x-mock-first-token-ms': '350',
      'x-mock-ping-ms': '100',
    });
    expect(headersAt).toBeGreaterThanOrEqual(95);
    const firstDelta = events.findIndex((e) => e.type === 'content_block_delta');
    const pingsBefore = events.slice(0, firstDelta).filter((e) => e.type === 'ping');
    expect(pingsBefore.length).toBeGreaterThanOrEqual(3);
    expect(events[firstDelta].at - events[0].at).toBeGreaterThanOrEqual(300);
  });

  it('makes a non-streaming reply wait for the whole generation', async () => {
    const started = Date.now();
    const response = await fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'k',
        'anthropic-version': '2023-06-01',
        'x-mock-output-tokens': '30',
        'x-mock-tokens-per-sec': '150',
      },
      body: JSON.stringify({
        model: 'claude-mock',
        max_tokens: 1000,
        messages: [{ role: 'user', content: 'slow' }],
      }),
    });
    expect(
      ((await response.json()) as { usage: { output_tokens: number } }).usage.output_tokens,
    ).toBe(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
