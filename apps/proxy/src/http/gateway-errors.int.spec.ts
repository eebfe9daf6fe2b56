import { kafkaBrokersForTests, uniqueTopicSuffix } from '@gatehouse/testing';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { startProxyHarness, type ProxyHarness } from '../testing/proxy-int-harness';

interface ErrorEnvelope {
  type: string;
  error: { type: string; message: string };
}

const ERROR_TYPES = new Set(['invalid_request_error', 'authentication_error', 'not_found_error', 'request_too_large']);

describe('proxy gateway-originated answers', () => {
  let harness: ProxyHarness;
  let token: string;

  beforeAll(async () => {
    harness = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-${uniqueTopicSuffix()}`,
    });
    token = await harness.signer.sign({ sub: 'usr_int_bob', org: 'org_int' });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
    const response = await fetch(`${harness.proxyUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': token, ...headers },
      body,
    });
    return { status: response.status, headers: response.headers, json: (await response.json()) as ErrorEnvelope };
  }

  it('refuses a missing or bad credential with 401, x-should-retry false and what to do', async () => {
    const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] });
    const missing = await fetch(`${harness.proxyUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-should-retry')).toBe('false');
    const json = (await missing.json()) as ErrorEnvelope;
    expect(json.error.type).toBe('authentication_error');
    expect(json.error.message).toMatch(/Authorization: Bearer/);
    const forged = await post('/v1/messages', body, { 'x-api-key': `${token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    const other = await harness.signer.sign({ sub: 'usr_x', iat: Math.floor(Date.now() / 1000) - 3_600 }, { expiresInSec: 60 });
    const expired = await post('/v1/messages', body, { 'x-api-key': other });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('x-should-retry')).toBe('false');
  });

  it.each([
    ['malformed JSON', '{"model": "claude-sonnet-4-5",', /not valid JSON/],
    ['a missing model', JSON.stringify({ max_tokens: 5, messages: [] }), /`model` is required/],
    ['an unrouted model', JSON.stringify({ model: 'gpt-4o', max_tokens: 5, messages: [] }), /"gpt-4o" is not available through this gateway; available: claude-sonnet-4-5/],
  ])('answers %s with 400 invalid_request_error', async (_name, body, message) => {
    const response = await post('/v1/messages', body);
    expect(response.status).toBe(400);
    expect(response.json.type).toBe('error');
    expect(response.json.error.type).toBe('invalid_request_error');
    expect(response.json.error.message).toMatch(message);
  });

  it('answers an oversized body with 413 request_too_large', async () => {
    const big = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(harness.bodyLimitBytes) }] });
    const response = await post('/v1/messages', big);
    expect(response.status).toBe(413);
    expect(response.json.error.type).toBe('request_too_large');
  });

  it('answers unknown routes with 404 and wrong methods with 405, Anthropic-shaped', async () => {
    const unknown = await fetch(`${harness.proxyUrl}/v1/complete?beta=true`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorEnvelope).error.type).toBe('not_found_error');
    const wrongMethod = await fetch(`${harness.proxyUrl}/v1/messages`, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(((await wrongMethod.json()) as ErrorEnvelope).type).toBe('error');
  });

  it('ignores the ?beta=true query and serves count_tokens and the models list', async () => {
    const count = await fetch(`${harness.proxyUrl}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count me' }] }),
    });
    expect(count.status).toBe(200);
    expect(((await count.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    const models = await fetch(`${harness.proxyUrl}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(models.status).toBe(200);
    expect(await models.json()).toEqual({
      data: [
        { type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
        { type: 'model', id: 'claude-opus-4-5', display_name: 'claude-opus-4-5', created_at: '1970-01-01T00:00:00Z' },
        { type: 'model', id: 'claude-opus-4-1', display_name: 'claude-opus-4-1', created_at: '1970-01-01T00:00:00Z' },
      ],
      has_more: false,
      first_id: 'claude-sonnet-4-5',
      last_id: 'claude-opus-4-1',
    });
    expect((await fetch(`${harness.proxyUrl}/v1/models`)).status).toBe(401);
  });

  it('survives random bytes, paths, methods and headers with Anthropic-shaped 4xx answers', async () => {
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
    const paths = ['/v1/messages', '/v1/messages/count_tokens', '/v1/models', '/v1/messages?beta=true', '/v1/%ff%00', '/v2/x', '/'];
    const contentTypes = ['application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x', ''];
    let seed = 7;
    const pick = <T>(items: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return items[seed % items.length];
    };
    for (let i = 0; i < 150; i++) {
      const method = pick(methods);
      const headers: Record<string, string> = { [`x-fuzz-${i}`]: randomBytes(8).toString('base64') };
      const contentType = pick(contentTypes);
      if (contentType !== '') headers['content-type'] = contentType;
      if (i % 2 === 0) headers['x-api-key'] = token;
      if (i % 5 === 0) headers['anthropic-beta'] = randomBytes(6).toString('hex');
      const body = method === 'GET' || method === 'OPTIONS' ? undefined : randomBytes(pick([0, 1, 17, 512, 4096])).toString(pick(['latin1', 'utf8', 'base64']) as BufferEncoding);
      const response = await fetch(`${harness.proxyUrl}${pick(paths)}`, { method, headers, body });
      const text = await response.text();
      if (response.status === 200) continue; // GET /v1/models with a valid token
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const json = JSON.parse(text) as ErrorEnvelope;
      if (json.type !== 'error') throw new Error(`${method} answered ${response.status} ${text}`);
      expect(ERROR_TYPES.has(json.error.type)).toBe(true);
    }
    expect((await fetch(`${harness.proxyUrl}/healthz`)).status).toBe(200);
    expect(harness.proxy.hasExited).toBe(false);
  });

  it('drops a client that leaves mid-body and serves the next request, on both request paths', async () => {
    // content-length set: the node:http lane reads the body; chunked: the Fastify route does.
    for (const framing of ['content-length: 4096', 'transfer-encoding: chunked']) {
      const { port } = new URL(harness.proxyUrl);
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /v1/messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-api-key: ${token}\r\n${framing}\r\n\r\n`);
          socket.write(framing.startsWith('transfer') ? '5\r\n{"mod\r\n' : '{"model": "claude-');
          setTimeout(() => socket.destroy(), 50);
        });
        socket.once('close', () => resolve());
        socket.once('error', reject);
      });
    }
    const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'still there?' }] });
    const chunked = await fetch(`${harness.proxyUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': token },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(200);
    const sized = await post('/v1/messages', body);
    expect(sized.status).toBe(200);
    expect(sized.headers.get('x-gatehouse-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.proxy.hasExited).toBe(false);
  });
});
