import Anthropic from '@anthropic-ai/sdk';
import { collectMessages, kafkaBrokersForTests, uniqueTopicSuffix } from '@gatehouse/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProxyHarness, type ProxyHarness } from '../testing/proxy-int-harness';

/** An operator's negotiated Sonnet 4.5 rates, unlike any built-in price so the test can tell. */
const NEGOTIATED = {
  version: 'int-negotiated-2026',
  effectiveFrom: '2026-01-01T00:00:00Z',
  models: { 'claude-sonnet-4-5': { inputUsdPerMTok: 2.5, outputUsdPerMTok: 12.5 } },
};

describe('proxy with an operator price file (GATEHOUSE_PRICES_FILE)', () => {
  let dir: string;
  let harness: ProxyHarness | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-prices-int-'));
  });

  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('costs requests with the operator prices and records their version', async () => {
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify([NEGOTIATED]));
    harness = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-prices-${uniqueTopicSuffix()}`,
      extraEnv: { GATEHOUSE_PRICES_FILE: file },
    });
    const token = await harness.signer.sign({ sub: 'usr_int_prices', org: 'org_int' });
    const client = new Anthropic({ baseURL: harness.proxyUrl, apiKey: token, maxRetries: 0 });
    const reply = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'price me' }],
    });
    const [message] = await collectMessages(harness.usageTopic, { count: 1, timeoutMs: 20_000 });
    const event = JSON.parse(message.value ?? '{}') as {
      costMicroUsd: number;
      pricingVersion: string;
      usage: {
        inputTokens: number;
        outputTokens: number;
        cacheReadInputTokens: number;
        cacheCreation5mInputTokens: number;
        cacheCreation1hInputTokens: number;
      };
    };
    expect(event.usage).toMatchObject({
      inputTokens: reply.usage.input_tokens,
      outputTokens: reply.usage.output_tokens,
    });
    // Micro-dollars per token: $2.50 / MTok input is 2.5; cache prices follow the multipliers
    // (5m write 1.25x, 1h write 2x, read 0.1x input); the sum is rounded up once.
    const u = event.usage;
    const expected = Math.ceil(
      u.inputTokens * 2.5 +
        u.outputTokens * 12.5 +
        u.cacheCreation5mInputTokens * 3.125 +
        u.cacheCreation1hInputTokens * 5 +
        u.cacheReadInputTokens * 0.25,
    );
    expect(event).toMatchObject({ pricingVersion: NEGOTIATED.version, costMicroUsd: expected });
  }, 90_000);

  it('refuses to start with a price file it cannot use, naming the file', async () => {
    const file = join(dir, 'typo.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          ...NEGOTIATED,
          models: { 'claude-sonnet-4-5': { inputUsdPerMtok: 2.5, outputUsdPerMTok: 12.5 } },
        },
      ]),
    );
    const failure = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-prices-${uniqueTopicSuffix()}`,
      extraEnv: { GATEHOUSE_PRICES_FILE: file },
    }).then(
      async (started) => {
        await started.stop();
        return new Error('the proxy started with an invalid price file');
      },
      (error: unknown) => error as Error,
    );
    expect(failure.message).toContain('PRICING_INVALID_PRICE_TABLE');
    expect(failure.message).toContain('typo.json (GATEHOUSE_PRICES_FILE) is invalid');
  }, 90_000);
});
