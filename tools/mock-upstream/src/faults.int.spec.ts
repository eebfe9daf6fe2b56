import Anthropic from '@anthropic-ai/sdk';
import { type MockUpstream, startMockUpstream } from './server';

const params = {
  model: 'claude-mock-sonnet',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'fault test' }],
};

describe('fault injection (official SDK)', () => {
  let mock: MockUpstream;
  const client = (fault: string, extra: Record<string, string> = {}, timeout?: number) =>
    new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 0,
      timeout,
      defaultHeaders: { 'x-mock-fault': fault, ...extra },
    });

  beforeAll(async () => {
    mock = await startMockUpstream();
  });
  afterAll(() => mock.close());

  it('429 carries retry-after, x-should-retry and a rate_limit_error body', async () => {
    const error = await client('429:7')
      .messages.create(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const apiError = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(apiError.headers.get('retry-after')).toBe('7');
    expect(apiError.headers.get('x-should-retry')).toBe('true');
    expect(apiError.error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
      request_id: expect.stringMatching(/^req_/),
    });
  });

  it.each([
    ['529', 529, 'overloaded_error', 'Overloaded'],
    ['500', 500, 'api_error', 'Internal server error'],
    ['400', 400, 'invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum'],
    ['413', 413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  ])('%s answers with status %i and %s', async (fault, status, type, message) => {
    await expect(client(fault).messages.create(params)).rejects.toMatchObject({
      status,
      error: { error: { type, message } },
    });
  });

  it('reset-mid-stream cuts the connection after N events', async () => {
    const stream = client('reset-mid-stream:3').messages.stream(params);
    const seen: string[] = [];
    stream.on('streamEvent', (event) => seen.push(event.type));
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Error);
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(seen[0]).toBe('message_start');
  });

  it('error-mid-stream sends an overloaded error event the SDK raises', async () => {
    const stream = client('error-mid-stream:2').messages.stream(params);
    await expect(stream.finalMessage()).rejects.toMatchObject({
      error: { type: 'error', error: { type: 'overloaded_error' } },
    });
  });

  it('slow-first-byte delays the response', async () => {
    const started = Date.now();
    await client('slow-first-byte:300').messages.create(params);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hang never answers, so the client times out', async () => {
    await expect(client('hang', {}, 300).messages.create(params)).rejects.toBeInstanceOf(
      Anthropic.APIConnectionTimeoutError,
    );
  });

  it('500-then-ok:2 fails twice per fault key, then succeeds', async () => {
    const failing = client('500-then-ok:2', { 'x-mock-fault-key': 'failover-a' });
    await expect(failing.messages.create(params)).rejects.toMatchObject({ status: 500 });
    await expect(failing.messages.create(params)).rejects.toMatchObject({ status: 500 });
    await expect(failing.messages.create(params)).resolves.toMatchObject({ type: 'message' });
    const other = client('500-then-ok:2', { 'x-mock-fault-key': 'failover-b' });
    await expect(other.messages.create(params)).rejects.toMatchObject({ status: 500 });
  });

  it('the SDK retries through a 529-then-ok fault on its own', async () => {
    const retrying = new Anthropic({
      baseURL: mock.url,
      apiKey: 'k',
      maxRetries: 2,
      defaultHeaders: { 'x-mock-fault': '529-then-ok:1', 'x-mock-fault-key': 'retry' },
    });
    await expect(retrying.messages.create(params)).resolves.toMatchObject({ type: 'message' });
  });

  it('rejects a malformed fault header with invalid_request_error', async () => {
    await expect(client('teapot').messages.create(params)).rejects.toMatchObject({
      status: 400,
      error: { error: { type: 'invalid_request_error' } },
    });
  });

  it('counts injected faults by kind', () => {
    const { faultsByKind } = mock.stats();
    expect(faultsByKind['rate-limit']).toBeGreaterThanOrEqual(1);
    expect(faultsByKind.hang).toBe(1);
    expect(faultsByKind['api-error']).toBeGreaterThanOrEqual(4);
  });
});

describe('global fault with a rate', () => {
  it('applies MOCK_FAULT to the sampled fraction of requests', async () => {
    const draws = [0.1, 0.9, 0.1];
    const mock = await startMockUpstream({
      fault: '529',
      faultRate: 0.5,
      random: () => draws.shift() ?? 1,
    });
    try {
      const client = new Anthropic({ baseURL: mock.url, apiKey: 'k', maxRetries: 0 });
      const outcomes = [];
      for (let i = 0; i < 3; i++)
        outcomes.push(
          await client.messages.create(params).then(
            () => 200,
            (e: { status: number }) => e.status,
          ),
        );
      expect(outcomes).toEqual([529, 200, 529]);
    } finally {
      await mock.close();
    }
  });
});
