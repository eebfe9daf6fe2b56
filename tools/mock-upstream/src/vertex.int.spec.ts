import { generateKeyPairSync, createSign } from 'node:crypto';
import { type MockUpstream, startMockUpstream } from './server';
import { parseSse } from './sse';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function serviceAccountJwt(key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: 'gatehouse@mock-project.iam.gserviceaccount.com',
    scope: 'https://www.googleapis.com/auth/cloud-platform',
    aud: 'https://oauth2.googleapis.com/token',
    iat: now,
    exp: now + 3600,
  })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

const body = {
  anthropic_version: 'vertex-2023-10-16',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Hello Vertex' }],
};

describe('Vertex simulation', () => {
  let mock: MockUpstream;
  let token: string;
  const predictUrl = (method: string, model = 'claude-sonnet-4-5@20250929') =>
    `${mock.url}/v1/projects/mock-project/locations/us-east5/publishers/anthropic/models/${model}:${method}`;
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
    });

  beforeAll(async () => {
    mock = await startMockUpstream({
      vertex: {
        serviceAccountPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    const response = await fetch(`${mock.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: serviceAccountJwt(),
      }),
    });
    const issued = (await response.json()) as {
      access_token: string;
      expires_in: number;
      token_type: string;
    };
    expect(issued).toMatchObject({
      access_token: expect.stringMatching(/^ya29\./),
      expires_in: 3599,
      token_type: 'Bearer',
    });
    token = issued.access_token;
  });
  afterAll(() => mock.close());

  it('refuses an assertion signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const response = await fetch(`${mock.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: serviceAccountJwt(other),
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid JWT Signature.',
    });
  });

  it('answers rawPredict like the Messages API', async () => {
    const response = await post(predictUrl('rawPredict'), body);
    expect(await response.json()).toMatchObject({
      id: expect.stringMatching(/^msg_vrtx_01/),
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Mock reply to: Hello Vertex' }],
      stop_reason: 'end_turn',
    });
  });

  it('streams SSE from streamRawPredict', async () => {
    const response = await post(predictUrl('streamRawPredict'), { ...body, stream: true });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await response.text());
    expect(events.map((e) => e.type).slice(0, 3)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
    ]);
    expect(events[events.length - 2]).toMatchObject({
      type: 'message_delta',
      usage: { output_tokens: 7 },
    });
  });

  it('counts tokens through count-tokens:rawPredict', async () => {
    const response = await post(predictUrl('rawPredict', 'count-tokens'), {
      ...body,
      model: 'claude-sonnet-4-5@20250929',
    });
    expect(await response.json()).toEqual({ input_tokens: 3 });
  });

  it('uses Google error shapes for auth and quota, Anthropic shapes for model errors', async () => {
    const unauthenticated = await fetch(predictUrl('rawPredict'), {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED' },
    });
    const quota = await post(predictUrl('rawPredict'), body, { 'x-mock-fault': '429' });
    expect(quota.status).toBe(429);
    expect(await quota.json()).toMatchObject({
      error: { code: 429, status: 'RESOURCE_EXHAUSTED' },
    });
    const overloaded = await post(predictUrl('rawPredict'), body, { 'x-mock-fault': '529' });
    expect(await overloaded.json()).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error' },
    });
    const wrongVersion = await post(predictUrl('rawPredict'), {
      ...body,
      anthropic_version: 'bedrock-2023-05-31',
    });
    expect(wrongVersion.status).toBe(400);
  });

  it('accepts the configured static token too', async () => {
    const response = await fetch(predictUrl('rawPredict'), {
      method: 'POST',
      headers: { authorization: 'Bearer mock-vertex-token' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  });
});
