import Anthropic from '@anthropic-ai/sdk';
import { collectMessages, kafkaBrokersForTests, uniqueTopicSuffix } from '@gatehouse/testing';
import { startProxyHarness, type ProxyHarness } from '../testing/proxy-int-harness';

const PROMPT = {
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Say hello to the gateway' }],
};

describe('proxy with USAGE_PUBLISHER=worker (usage events from a worker thread, real Kafka)', () => {
  let harness: ProxyHarness;
  let client: Anthropic;

  beforeAll(async () => {
    harness = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-worker-${uniqueTopicSuffix()}`,
      extraEnv: { USAGE_PUBLISHER: 'worker' },
    });
    const token = await harness.signer.sign({
      sub: 'usr_int_worker',
      org: 'org_int',
      team: 'team_int',
      email: 'worker@example.com',
    });
    client = new Anthropic({ baseURL: harness.proxyUrl, apiKey: token, maxRetries: 0 });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('publishes one attributed event per request, streamed or not, and reports ready', async () => {
    const ids: string[] = [];
    const { response } = await client.messages
      .create({ model: 'claude-sonnet-4-5', ...PROMPT })
      .withResponse();
    ids.push(response.headers.get('x-gatehouse-request-id') ?? '');
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', ...PROMPT });
    const final = await stream.finalMessage();
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    ids.push((await stream.withResponse()).response.headers.get('x-gatehouse-request-id') ?? '');

    const messages = await collectMessages(harness.usageTopic, { count: 2, timeoutMs: 20_000 });
    const events = messages.map(
      (message) =>
        JSON.parse(message.value ?? '{}') as {
          requestId: string;
          userId: string;
          stream: boolean;
          usage: { outputTokens: number };
        },
    );
    expect(events.map((event) => event.requestId).sort()).toEqual([...ids].sort());
    expect(
      events.every((event) => event.userId === 'usr_int_worker' && event.usage.outputTokens > 0),
    ).toBe(true);
    expect(events.map((event) => event.stream).sort()).toEqual([false, true]);

    const ready = await fetch(`${harness.proxyUrl}/readyz`);
    expect(ready.status).toBe(200);
  });
});
