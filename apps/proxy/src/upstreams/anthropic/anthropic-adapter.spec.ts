import type { UpstreamCall } from '../upstream-adapter';
import { createAnthropicAdapter } from './anthropic-adapter';

const adapter = createAnthropicAdapter({
  endpoint: { id: 'anthropic', baseUrl: 'https://api.anthropic.com' },
  apiKey: 'sk-ant-central',
});

function call(overrides: Partial<UpstreamCall> = {}): UpstreamCall {
  const body = { model: 'claude-sonnet-4-5', max_tokens: 10, tags: { project: 'x' }, messages: [] };
  return {
    operation: 'messages',
    stream: false,
    upstreamModel: 'claude-sonnet-4-5',
    rawBody: Buffer.from(JSON.stringify(body)),
    body,
    headers: {
      'anthropic-beta': ['a-1', 'b-2'],
      'user-agent': 'claude-cli/2',
      'x-api-key': 'client',
    },
    ...overrides,
  };
}

describe('Anthropic adapter', () => {
  it('describes a pass-through endpoint', () => {
    expect(adapter.endpoint).toEqual({
      id: 'anthropic',
      provider: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
    });
    expect(adapter.requestIdHeader).toBe('request-id');
    expect(adapter.needsKeepAlivePings).toBe(false);
    expect(adapter.supports('count_tokens', 'claude-haiku-4-5')).toBe(true);
    expect(adapter.createStreamTranscoder(call({ stream: true }))).toBeNull();
    expect(adapter.translateJsonResponse(call(), Buffer.from('{}'))).toBeNull();
  });

  it('sends the raw body untouched with the central key and a default version', async () => {
    const original = call();
    const request = await adapter.buildRequest(original);
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toBe(original.rawBody);
    expect(request.headers).toEqual({
      'anthropic-beta': 'a-1, b-2',
      'user-agent': 'claude-cli/2',
      'x-api-key': 'sk-ant-central',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
  });

  it('keeps the client anthropic-version and uses the count_tokens path without the query', async () => {
    const request = await adapter.buildRequest(
      call({ operation: 'count_tokens', headers: { 'anthropic-version': '2024-01-01' } }),
    );
    expect(request.path).toBe('/v1/messages/count_tokens');
    expect(request.headers['anthropic-version']).toBe('2024-01-01');
  });

  it('relays Anthropic errors with their retry headers unmodified', () => {
    const body = Buffer.from(
      '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"},"request_id":"req_1"}',
    );
    const translated = adapter.translateError(call(), {
      status: 429,
      headers: { 'retry-after': '7', 'x-should-retry': 'true', 'request-id': 'req_1' },
      body,
    });
    expect(translated).toEqual({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '7', 'x-should-retry': 'true' },
      body,
    });
  });

  it('turns a refused central key into a 502 so the developer is not sent to /login', () => {
    const translated = adapter.translateError(call(), {
      status: 401,
      headers: { 'x-should-retry': 'false' },
      body: Buffer.from(
        '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}',
      ),
    });
    expect(translated.status).toBe(502);
    expect(JSON.parse(translated.body.toString())).toEqual({
      type: 'error',
      error: { type: 'api_error', message: "The upstream rejected the gateway's credentials." },
    });
  });

  it('wraps a non-Anthropic error page into the envelope', () => {
    const translated = adapter.translateError(call(), {
      status: 503,
      headers: {},
      body: Buffer.from('<html>busy</html>'),
    });
    expect(translated.status).toBe(529);
    expect(JSON.parse(translated.body.toString()).error.type).toBe('overloaded_error');
  });
});
