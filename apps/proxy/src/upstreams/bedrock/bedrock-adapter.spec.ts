import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { UpstreamCall } from '../upstream-adapter';
import { createBedrockAdapter } from './bedrock-adapter';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'secret', sessionToken: 'session' };
const clock = () => new Date('2026-11-24T10:00:00Z');

const adapter = createBedrockAdapter({
  endpoint: { id: 'bedrock-us-east-1', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com' },
  region: 'us-east-1',
  credentials,
  modelMap: { 'claude-sonnet-4-5': MODEL },
  now: clock,
});

const clientBody = {
  model: 'claude-sonnet-4-5',
  stream: true,
  max_tokens: 2000,
  tags: { project: 'apollo' },
  thinking: { type: 'enabled', budget_tokens: 4000 },
  tools: [],
  messages: [{ role: 'user', content: 'hi' }],
};

function call(overrides: Partial<UpstreamCall> = {}): UpstreamCall {
  return {
    operation: 'messages',
    stream: true,
    upstreamModel: 'claude-sonnet-4-5',
    rawBody: Buffer.from(JSON.stringify(clientBody)),
    body: clientBody,
    headers: {
      'anthropic-version': '2023-06-01',
      'anthropic-beta':
        'claude-code-20250219,request-tags-2026-08-21,mcp-servers-2025-12-04,interleaved-thinking-2025-05-14,effort-2025-11-24',
      'content-type': 'application/json',
      'user-agent': 'claude-cli/2.1.328',
      'x-stainless-lang': 'js',
    },
    ...overrides,
  };
}

const json = (buffer: Buffer): Record<string, unknown> =>
  JSON.parse(buffer.toString('utf8')) as Record<string, unknown>;

describe('Bedrock adapter request building', () => {
  it('rewrites the body into an invoke body with the betas moved and filtered', async () => {
    const request = await adapter.buildRequest(call());
    expect(request.path).toBe(`/model/${encodeURIComponent(MODEL)}/invoke-with-response-stream`);
    expect(json(request.body)).toEqual({
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 4000 },
      tools: [],
      messages: [{ role: 'user', content: 'hi' }],
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: [
        'claude-code-20250219',
        'interleaved-thinking-2025-05-14',
        'effort-2025-11-24',
      ],
    });
  });

  it('drops tags without the beta and leaves anthropic_beta out when nothing is allowed', async () => {
    const request = await adapter.buildRequest(
      call({ stream: false, headers: { 'anthropic-beta': 'mcp-servers-2025-12-04' } }),
    );
    expect(request.path).toBe(`/model/${encodeURIComponent(MODEL)}/invoke`);
    const body = json(request.body);
    expect(body).not.toHaveProperty('tags');
    expect(body).not.toHaveProperty('anthropic_beta');
    expect(request.headers.accept).toBe('application/json');
  });

  it('sends only signed AWS headers, never the client anthropic-* or x-stainless-* ones', async () => {
    const request = await adapter.buildRequest(call());
    expect(Object.keys(request.headers).sort()).toEqual([
      'accept',
      'authorization',
      'content-type',
      'host',
      'user-agent',
      'x-amz-content-sha256',
      'x-amz-date',
      'x-amz-security-token',
      'x-amzn-bedrock-accept',
    ]);
    expect(request.headers).toMatchObject({
      accept: 'application/vnd.amazon.eventstream',
      host: 'bedrock-runtime.us-east-1.amazonaws.com',
      'x-amz-date': '20261124T100000Z',
      'x-amz-security-token': 'session',
      'user-agent': 'claude-cli/2.1.328',
    });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIATEST\/20261124\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amzn-bedrock-accept, Signature=[0-9a-f]{64}$/,
    );
  });

  it('produces a stable signature that an independent SigV4 implementation reproduces', async () => {
    const first = await adapter.buildRequest(call());
    const second = await adapter.buildRequest(call());
    expect(second.headers.authorization).toBe(first.headers.authorization);

    const { authorization, 'user-agent': _ua, ...signedHeaders } = first.headers;
    const reference = new SignatureV4({
      credentials,
      region: 'us-east-1',
      service: 'bedrock',
      sha256: Sha256,
    });
    const expected = await reference.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'bedrock-runtime.us-east-1.amazonaws.com',
        path: first.path,
        query: {},
        headers: signedHeaders,
        body: first.body,
      },
      { signingDate: clock() },
    );
    expect(authorization).toBe(expected.headers.authorization);
  });

  it('signs the base path of a base URL that has one', async () => {
    const proxied = createBedrockAdapter({
      endpoint: { id: 'b', baseUrl: 'http://127.0.0.1:9000/aws/' },
      region: 'eu-west-1',
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
      now: clock,
    });
    const request = await proxied.buildRequest(call({ upstreamModel: MODEL, stream: false }));
    expect(request.path).toBe(`/model/${encodeURIComponent(MODEL)}/invoke`);
    expect(request.headers.host).toBe('127.0.0.1:9000');
    const reference = new SignatureV4({
      credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
      region: 'eu-west-1',
      service: 'bedrock',
      sha256: Sha256,
    });
    const { authorization, 'user-agent': _ua, ...signedHeaders } = request.headers;
    const expected = await reference.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 9000,
        path: `/aws${request.path}`,
        query: {},
        headers: signedHeaders,
        body: request.body,
      },
      { signingDate: clock() },
    );
    expect(authorization).toBe(expected.headers.authorization);
  });

  it('calls a credentials provider per request', async () => {
    const provider = jest.fn(() =>
      Promise.resolve({ accessKeyId: 'ROTATED', secretAccessKey: 's' }),
    );
    const rotating = createBedrockAdapter({
      endpoint: { id: 'b', baseUrl: 'https://bedrock-runtime.us-west-2.amazonaws.com' },
      region: 'us-west-2',
      credentials: provider,
      now: clock,
    });
    const request = await rotating.buildRequest(call());
    expect(provider).toHaveBeenCalledTimes(1);
    expect(request.headers.authorization).toContain('Credential=ROTATED/');
  });
});

describe('Bedrock adapter token counting', () => {
  it('wraps a strict invoke body for CountTokens on the foundation model', async () => {
    const request = await adapter.buildRequest(call({ operation: 'count_tokens', stream: false }));
    expect(request.path).toBe(
      `/model/${encodeURIComponent('anthropic.claude-sonnet-4-5-20250929-v1:0')}/count-tokens`,
    );
    const envelope = json(request.body) as { input: { invokeModel: { body: string } } };
    const inner = JSON.parse(
      Buffer.from(envelope.input.invokeModel.body, 'base64').toString('utf8'),
    );
    expect(inner).toEqual({
      max_tokens: 4001,
      thinking: { type: 'enabled', budget_tokens: 4000 },
      messages: [{ role: 'user', content: 'hi' }],
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['claude-code-20250219', 'interleaved-thinking-2025-05-14'],
    });
  });

  it('sets max_tokens when the count request has none', async () => {
    const body = { model: 'claude-sonnet-4-5', messages: [], tools: [{ name: 't' }] };
    const request = await adapter.buildRequest(
      call({ operation: 'count_tokens', stream: false, body, headers: {} }),
    );
    const envelope = json(request.body) as { input: { invokeModel: { body: string } } };
    const inner = JSON.parse(
      Buffer.from(envelope.input.invokeModel.body, 'base64').toString('utf8'),
    );
    expect(inner).toEqual({
      messages: [],
      tools: [{ name: 't' }],
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 1,
    });
  });

  it('does not support counting for application inference profiles and provisioned ARNs', () => {
    expect(adapter.supports('count_tokens', 'claude-sonnet-4-5')).toBe(true);
    expect(
      adapter.supports(
        'count_tokens',
        'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123',
      ),
    ).toBe(false);
    expect(
      adapter.supports(
        'count_tokens',
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2',
      ),
    ).toBe(true);
    expect(adapter.supports('messages', 'arn:aws:bedrock:us-east-1:1:provisioned-model/x')).toBe(
      true,
    );
  });

  it('renames inputTokens in the CountTokens answer', () => {
    const out = adapter.translateJsonResponse(
      call({ operation: 'count_tokens' }),
      Buffer.from('{"inputTokens":42}'),
    );
    expect(out?.toString()).toBe('{"input_tokens":42}');
    expect(adapter.translateJsonResponse(call(), Buffer.from('{"id":"msg"}'))).toBeNull();
  });

  it('transcodes only streamed calls and asks for keep-alive pings', () => {
    expect(adapter.needsKeepAlivePings).toBe(true);
    expect(adapter.requestIdHeader).toBe('x-amzn-requestid');
    expect(adapter.createStreamTranscoder(call({ stream: false }))).toBeNull();
    expect(adapter.createStreamTranscoder(call())).not.toBeNull();
  });
});
