import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeBedrockStream } from './eventstream';
import { type MockUpstream, startMockUpstream } from './server';
import { estimateInputTokens } from './tokens';

const credentials = { accessKeyId: 'AKIAMOCKTEST', secretAccessKey: 'mock-secret-key' };
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const body = {
  anthropic_version: 'bedrock-2023-05-31',
  anthropic_beta: ['claude-code-20250219'],
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Hello Bedrock' }],
};

describe('Bedrock simulation', () => {
  let mock: MockUpstream;
  beforeAll(async () => {
    mock = await startMockUpstream({ bedrock: credentials });
  });
  afterAll(() => mock.close());

  // Signs like the AWS SDK: the model id is percent-encoded in the path, then signed as-is.
  async function call(
    action: string,
    payload: unknown,
    options: { secret?: string; headers?: Record<string, string> } = {},
  ) {
    const url = new URL(`${mock.url}/model/${encodeURIComponent(MODEL)}/${action}`);
    const text = JSON.stringify(payload);
    const signer = new SignatureV4({
      credentials: {
        ...credentials,
        secretAccessKey: options.secret ?? credentials.secretAccessKey,
      },
      region: 'us-east-1',
      service: 'bedrock',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/json',
        accept: 'application/json',
        ...options.headers,
      },
      body: text,
    });
    const { host: _host, ...headers } = signed.headers;
    return fetch(url, { method: 'POST', headers, body: text });
  }

  it('invokes without streaming and reports Bedrock headers', async () => {
    const response = await call('invoke', body);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-amzn-bedrock-output-token-count')).toBe('7');
    expect(await response.json()).toMatchObject({
      id: expect.stringMatching(/^msg_bdrk_01/),
      type: 'message',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Mock reply to: Hello Bedrock' }],
      usage: { output_tokens: 7 },
    });
  });

  it('streams binary event-stream chunks that decode to Anthropic events, with metrics and no ping', async () => {
    const response = await call('invoke-with-response-stream', body);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const messages = decodeBedrockStream(new Uint8Array(await response.arrayBuffer()));
    expect(
      messages.every(
        (m) => m.headers[':event-type'] === 'chunk' && m.headers[':message-type'] === 'event',
      ),
    ).toBe(true);
    const types = messages.map((m) => m.payload.type);
    expect(types[0]).toBe('message_start');
    expect(types).not.toContain('ping');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const text = messages
      .filter((m) => m.payload.type === 'content_block_delta')
      .map((m) => (m.payload.delta as { text: string }).text)
      .join('');
    expect(text).toBe('Mock reply to: Hello Bedrock');
    expect(messages[messages.length - 1].payload['amazon-bedrock-invocationMetrics']).toMatchObject(
      { inputTokenCount: 4, outputTokenCount: 7 },
    );
  });

  it('counts tokens from a base64 invoke body', async () => {
    const response = await call('count-tokens', {
      input: { invokeModel: { body: Buffer.from(JSON.stringify(body)).toString('base64') } },
    });
    expect(await response.json()).toEqual({
      inputTokens: estimateInputTokens(body as Parameters<typeof estimateInputTokens>[0]),
    });
  });

  it('rejects a bad signature, a model field and a missing anthropic_version in Bedrock shape', async () => {
    const forged = await call('invoke', body, { secret: 'wrong' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('x-amzn-errortype')).toMatch(/^InvalidSignatureException:/);
    const withModel = await call('invoke', { ...body, model: 'claude' });
    expect(withModel.status).toBe(400);
    expect(await withModel.json()).toEqual({
      message: expect.stringContaining('extraneous key [model] is not permitted'),
    });
    const { anthropic_version: _v, ...unversioned } = body;
    const missing = await call('invoke', unversioned);
    expect(missing.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    const unsigned = await fetch(`${mock.url}/model/${encodeURIComponent(MODEL)}/invoke`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toMatch(
      /^MissingAuthenticationTokenException/,
    );
  });

  it('renders faults as Bedrock exceptions', async () => {
    const throttled = await call('invoke', body, { headers: { 'x-mock-fault': '429' } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-amzn-errortype')).toMatch(/^ThrottlingException:/);
    const tooLong = await call('invoke', body, { headers: { 'x-mock-fault': '400' } });
    expect(await tooLong.json()).toEqual({ message: 'Input is too long.' });
    const midStream = await call('invoke-with-response-stream', body, {
      headers: { 'x-mock-fault': 'error-mid-stream:2' },
    });
    const messages = decodeBedrockStream(new Uint8Array(await midStream.arrayBuffer()));
    expect(messages).toHaveLength(3);
    expect(messages[2].headers).toMatchObject({
      ':message-type': 'exception',
      ':exception-type': 'modelStreamErrorException',
    });
  });
});
