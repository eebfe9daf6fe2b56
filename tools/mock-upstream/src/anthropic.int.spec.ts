import Anthropic from '@anthropic-ai/sdk';
import { type MockUpstream, startMockUpstream } from './server';
import { DEFAULT_ORGANIZATION_ID } from './options';
import { parseSse } from './sse';
import { estimateInputTokens } from './tokens';

const API_KEY = 'sk-ant-mock-test';
const bash = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: {
    type: 'object' as const,
    properties: { command: { type: 'string' } },
    required: ['command'],
  },
};

describe('Anthropic Messages API simulation (official SDK)', () => {
  let mock: MockUpstream;
  let client: Anthropic;

  beforeAll(async () => {
    mock = await startMockUpstream({ anthropicApiKey: API_KEY });
    client = new Anthropic({ baseURL: mock.url, apiKey: API_KEY, maxRetries: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('answers a non-streaming request in the API shape', async () => {
    const { data: message, response } = await client.messages
      .create({
        model: 'claude-mock-sonnet',
        max_tokens: 200,
        messages: [{ role: 'user', content: 'Hello mock' }],
      })
      .withResponse();
    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_01\w{22}$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-mock-sonnet',
      content: [{ type: 'text', text: 'Mock reply to: Hello mock' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 3,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 7,
        service_tier: 'standard',
      },
    });
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.headers.get('anthropic-organization-id')).toBe(DEFAULT_ORGANIZATION_ID);
  });

  it('streams events the SDK assembles into the same message', async () => {
    const events: string[] = [];
    const stream = client.messages.stream({
      model: 'claude-mock-haiku',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'Mock reply to: Stream please' }]);
    expect(message.usage).toMatchObject({
      input_tokens: 4,
      output_tokens: 7,
      cache_read_input_tokens: 0,
    });
    expect(events.slice(0, 2)).toEqual(['message_start', 'content_block_start']);
    expect(events.slice(-2)).toEqual(['message_delta', 'message_stop']);
  });

  it('writes the raw SSE wire format with event names and a ping', async () => {
    const response = await fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': API_KEY,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'claude-mock-sonnet',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'raw' }],
      }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const body = await response.text();
    expect(body.startsWith('event: message_start\ndata: {"type":"message_start"')).toBe(true);
    expect(
      parseSse(body)
        .map((event) => event.type)
        .slice(0, 3),
    ).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(body.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('runs a tool-using turn: tool_use, then a final answer after the tool_result', async () => {
    const first = await client.messages
      .stream({
        model: 'claude-mock-sonnet',
        max_tokens: 500,
        tools: [bash],
        messages: [{ role: 'user', content: 'MOCK_TOOL:Bash:{"command":"echo hi"}' }],
      })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({
      name: 'Bash',
      input: { command: 'echo hi' },
      id: expect.stringMatching(/^toolu_/),
    });
    if (toolUse?.type !== 'tool_use') return;
    const second = await client.messages.create({
      model: 'claude-mock-sonnet',
      max_tokens: 500,
      tools: [bash],
      messages: [
        { role: 'user', content: 'MOCK_TOOL:Bash:{"command":"echo hi"}' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'hi' }],
        },
      ],
    });
    expect(second).toMatchObject({
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: 'Done. Tool result: hi' }],
    });
  });

  it('reports cache creation, then cache reads, for the same cached prefix', async () => {
    const params = {
      model: 'claude-mock-sonnet',
      max_tokens: 50,
      system: [
        {
          type: 'text' as const,
          text: 'You are a careful assistant. '.repeat(40),
          cache_control: { type: 'ephemeral' as const },
        },
      ],
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const first = await client.messages.stream(params).finalMessage();
    const second = await client.messages.create(params);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(200);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
  });

  it('counts tokens with the documented estimate and lists models', async () => {
    const params = {
      model: 'claude-mock-sonnet',
      messages: [{ role: 'user' as const, content: 'count these characters' }],
      tools: [bash],
    };
    const counted = await client.messages.countTokens(params);
    expect(counted.input_tokens).toBe(estimateInputTokens(params));
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('claude-sonnet-4-5-20250929');
  });

  it('answers side requests with max_tokens 1 validly', async () => {
    const message = await client.messages.create({
      model: 'claude-mock-haiku',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'quota' }],
    });
    expect(message).toMatchObject({ stop_reason: 'max_tokens', usage: { output_tokens: 1 } });
  });

  it('rejects a wrong key with 401 authentication_error and a missing version with 400', async () => {
    const wrong = new Anthropic({ baseURL: mock.url, apiKey: 'nope', maxRetries: 0 });
    await expect(
      wrong.messages.create({
        model: 'claude-mock-sonnet',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      status: 401,
      error: { type: 'error', error: { type: 'authentication_error' } },
    });
    const response = await fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-mock-sonnet',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
  });

  it('counts requests per route', async () => {
    await client.messages.create({
      model: 'claude-mock-sonnet',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
    });
    const stats = mock.stats();
    expect(stats.requestsByRoute['anthropic.messages']).toBe(1);
    expect(stats.bytesSent).toBeGreaterThan(100);
  });
});
