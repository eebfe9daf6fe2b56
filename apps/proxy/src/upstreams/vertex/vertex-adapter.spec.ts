import type { UpstreamCall } from '../upstream-adapter';
import { createVertexAdapter } from './vertex-adapter';

const adapter = createVertexAdapter({
  endpoint: { id: 'vertex-us-east5', baseUrl: 'https://us-east5-aiplatform.googleapis.com' },
  projectId: 'acme-prod-4711',
  region: 'us-east5',
  tokenSource: { getAccessToken: () => Promise.resolve('ya29.token') },
});

const clientBody = {
  model: 'claude-sonnet-4-5',
  stream: true,
  max_tokens: 100,
  tags: { project: 'apollo' },
  messages: [{ role: 'user', content: 'hi' }],
};

function call(overrides: Partial<UpstreamCall> = {}): UpstreamCall {
  return {
    operation: 'messages',
    stream: true,
    upstreamModel: 'claude-sonnet-4-5@20250929',
    rawBody: Buffer.from(JSON.stringify(clientBody)),
    body: clientBody,
    headers: {
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'claude-code-20250219,request-tags-2026-08-21',
      'content-type': 'application/json',
      'user-agent': 'claude-cli/2',
      authorization: 'Bearer client',
    },
    ...overrides,
  };
}

const json = (buffer: Buffer): unknown => JSON.parse(buffer.toString('utf8'));

describe('Vertex adapter', () => {
  it('streams through streamRawPredict with the Vertex body and filtered betas', async () => {
    const request = await adapter.buildRequest(call());
    expect(request.path).toBe(
      '/v1/projects/acme-prod-4711/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict',
    );
    expect(json(request.body)).toEqual({
      stream: true,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      anthropic_version: 'vertex-2023-10-16',
    });
    expect(request.headers).toEqual({
      'anthropic-beta': 'claude-code-20250219',
      'content-type': 'application/json',
      'user-agent': 'claude-cli/2',
      authorization: 'Bearer ya29.token',
    });
  });

  it('uses rawPredict without streaming and drops an emptied beta header', async () => {
    const request = await adapter.buildRequest(
      call({ stream: false, headers: { 'anthropic-beta': 'request-tags-2026-08-21' } }),
    );
    expect(request.path.endsWith('/models/claude-sonnet-4-5@20250929:rawPredict')).toBe(true);
    expect(request.headers).not.toHaveProperty('anthropic-beta');
  });

  it('counts tokens on the count-tokens pseudo-model with the model in the body', async () => {
    const request = await adapter.buildRequest(call({ operation: 'count_tokens', stream: false }));
    expect(request.path).toBe(
      '/v1/projects/acme-prod-4711/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict',
    );
    expect(json(request.body)).toMatchObject({
      model: 'claude-sonnet-4-5@20250929',
      anthropic_version: 'vertex-2023-10-16',
    });
    expect(json(request.body)).not.toHaveProperty('tags');
  });

  it('passes SSE through and needs no pings', () => {
    expect(adapter.createStreamTranscoder(call())).toBeNull();
    expect(adapter.translateJsonResponse(call(), Buffer.from('{}'))).toBeNull();
    expect(adapter.needsKeepAlivePings).toBe(false);
    expect(adapter.supports('count_tokens', 'claude-haiku-4-5@20251001')).toBe(true);
  });
});
