import Anthropic from '@anthropic-ai/sdk';
import { collectMessages, kafkaBrokersForTests, uniqueTopicSuffix } from '@gatehouse/testing';
import { MOCK_UPSTREAM_KEY, startProxyHarness, type ProxyHarness } from '../testing/proxy-int-harness';

interface UsageEventJson {
  requestId: string;
  userId: string;
  teamId: string | null;
  orgId: string;
  email?: string;
  modelRequested: string;
  upstreamId: string;
  upstreamRequestId: string | null;
  stream: boolean;
  usage: { inputTokens: number; outputTokens: number };
  costMicroUsd: number;
  httpStatus: number;
  ttftMs: number | null;
  stopReason: string | null;
  clientAborted: boolean;
  claudeCodeSessionId: string | null;
}

const PROMPT = { max_tokens: 256, messages: [{ role: 'user' as const, content: 'Say hello to the gateway' }] };

describe('proxy /v1/messages against the mock upstream and real Kafka', () => {
  let harness: ProxyHarness;
  let token: string;
  let viaProxy: Anthropic;
  let direct: Anthropic;
  const requestIds: string[] = [];

  beforeAll(async () => {
    harness = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-${uniqueTopicSuffix()}`,
    });
    token = await harness.signer.sign({ sub: 'usr_int_alice', org: 'org_int', team: 'team_int', email: 'alice@example.com' });
    viaProxy = new Anthropic({ baseURL: harness.proxyUrl, apiKey: token, maxRetries: 0 });
    direct = new Anthropic({ baseURL: harness.healthyUrl, apiKey: MOCK_UPSTREAM_KEY, maxRetries: 0 });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  async function usageEvents(count: number): Promise<Map<string, UsageEventJson>> {
    const messages = await collectMessages(harness.usageTopic, { count, timeoutMs: 20_000 });
    const events = messages.map((message) => JSON.parse(message.value ?? '{}') as UsageEventJson);
    return new Map(events.map((event) => [event.requestId, event]));
  }

  it('answers a non-streaming request exactly like the upstream does', async () => {
    const { data: proxied, response } = await viaProxy.messages.create({ model: 'claude-sonnet-4-5', ...PROMPT }).withResponse();
    const expected = await direct.messages.create({ model: 'claude-sonnet-4-5', ...PROMPT });
    expect({ ...proxied, id: '' }).toEqual({ ...expected, id: '' });
    const gatewayId = response.headers.get('x-gatehouse-request-id');
    expect(gatewayId).toMatch(/^[0-9a-f-]{36}$/);
    // The upstream's own request id is passed through untouched.
    expect(response.headers.get('request-id')).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
    requestIds.push(gatewayId ?? '');
  });

  it('streams SSE through unchanged, with a bearer token', async () => {
    const bearer = new Anthropic({ baseURL: harness.proxyUrl, authToken: token, apiKey: null, maxRetries: 0 });
    const stream = bearer.messages.stream({ model: 'claude-sonnet-4-5', ...PROMPT });
    const proxied = await stream.finalMessage();
    const expected = await direct.messages.stream({ model: 'claude-sonnet-4-5', ...PROMPT }).finalMessage();
    expect({ ...proxied, id: '' }).toEqual({ ...expected, id: '' });
    const gatewayId = (await stream.withResponse()).response.headers.get('x-gatehouse-request-id');
    requestIds.push(gatewayId ?? '');
    const events = await usageEvents(2);
    const [json, sse] = requestIds.map((id) => events.get(id));
    expect(json).toMatchObject({
      userId: 'usr_int_alice',
      teamId: 'team_int',
      orgId: 'org_int',
      email: 'alice@example.com',
      modelRequested: 'claude-sonnet-4-5',
      upstreamId: 'healthy',
      stream: false,
      httpStatus: 200,
      stopReason: 'end_turn',
      clientAborted: false,
      usage: { inputTokens: expected.usage.input_tokens, outputTokens: expected.usage.output_tokens },
    });
    expect(sse).toMatchObject({ userId: 'usr_int_alice', stream: true, httpStatus: 200, usage: { outputTokens: expected.usage.output_tokens } });
    expect(sse?.ttftMs).not.toBeNull();
    expect(json?.costMicroUsd).toBeGreaterThan(0);
    expect(json?.upstreamRequestId).toMatch(/^req_011C[A-Za-z0-9]{20}$/);
  });

  it('fails over from a primary that answers 529 to a healthy secondary, invisibly', async () => {
    const { data, response } = await viaProxy.messages.create({ model: 'claude-haiku-4-5', ...PROMPT }).withResponse();
    expect(data.content[0]).toMatchObject({ type: 'text' });
    const failingStats = (await (await fetch(`${harness.failingUrl}/_mock/stats`)).json()) as { faultsByKind: Record<string, number> };
    expect(Object.values(failingStats.faultsByKind).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const id = response.headers.get('x-gatehouse-request-id') ?? '';
    const events = await usageEvents(3);
    expect(events.get(id)).toMatchObject({ upstreamId: 'healthy', httpStatus: 200, modelRequested: 'claude-haiku-4-5' });
  });

  it('accounts a client that aborts mid-stream, with the tokens seen so far', async () => {
    const controller = new AbortController();
    const response = await fetch(`${harness.proxyUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': 'sess-abort' },
      body: JSON.stringify({ model: 'claude-opus-4-5', stream: true, ...PROMPT }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-gatehouse-request-id') ?? '';
    const reader = response.body?.getReader();
    let seen = '';
    while (!seen.includes('content_block_delta')) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      seen += Buffer.from(chunk.value).toString('utf8');
    }
    controller.abort();
    const events = await usageEvents(4);
    const event = events.get(id);
    expect(event).toMatchObject({ clientAborted: true, claudeCodeSessionId: 'sess-abort', upstreamId: 'slow' });
    expect(event?.usage.inputTokens).toBeGreaterThan(0);
  });

  it('ends a stream the upstream cuts with an SSE api_error event and accounts it', async () => {
    const response = await fetch(`${harness.proxyUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-opus-4-1', stream: true, ...PROMPT }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: message_start');
    expect(text.trimEnd().split('\n\n').pop()).toMatch(/^event: error\ndata: .*"type":"api_error"/);
    const id = response.headers.get('x-gatehouse-request-id') ?? '';
    const events = await usageEvents(5);
    expect(events.get(id)).toMatchObject({ httpStatus: 200, upstreamId: 'resetting', clientAborted: false });
    expect((events.get(id) as unknown as { errorType: string }).errorType).toBe('api_error');
  });
});
