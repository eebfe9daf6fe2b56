import type { TokenUsage } from '@gatehouse/contracts';
import { costFor, costOf } from './cost';
import { formatMicroUsd } from './model-price';
import { PriceCatalog, type PricedLookup } from './price-catalog';

const catalog = new PriceCatalog();
const AT = new Date('2026-01-15T12:00:00Z');

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreation5mInputTokens: 0,
    cacheCreation1hInputTokens: 0,
    webSearchRequests: 0,
    webFetchRequests: 0,
    ...partial,
  };
}

function priceOf(model: string) {
  const lookup = catalog.priceFor(model, AT);
  if (!lookup.priced) throw new Error(`expected ${model} to be priced, got ${lookup.reason}`);
  return lookup.price;
}

describe('costOf — worked examples', () => {
  it('Sonnet 4.5: 1,000 input + 500 output = $0.0105 exactly', () => {
    // 1,000 x $3/MTok = $0.003; 500 x $15/MTok = $0.0075.
    const cost = costOf(
      usage({ inputTokens: 1000, outputTokens: 500 }),
      priceOf('claude-sonnet-4-5'),
    );
    expect(cost).toBe(10_500);
    expect(formatMicroUsd(cost)).toBe('$0.010500');
  });

  it('Sonnet 4.5 with every cache kind sums exactly before rounding', () => {
    // $0.006285 input + $0.00075 5m writes + $0.006 1h writes + $0.0054 reads + $0.000225 output
    // = $0.01866 = 18,660 micro-dollars.
    const cost = costOf(
      usage({
        inputTokens: 2095,
        cacheCreation5mInputTokens: 200,
        cacheCreation1hInputTokens: 1000,
        cacheReadInputTokens: 18_000,
        outputTokens: 15,
      }),
      priceOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0'),
    );
    expect(cost).toBe(18_660);
  });

  it('Opus 4.5 with 3 web searches adds $0.01 per search', () => {
    // 10,000 x $5/MTok = $0.05; 2,000 x $25/MTok = $0.05; 3 x $10/1,000 = $0.03.
    const cost = costOf(
      usage({ inputTokens: 10_000, outputTokens: 2_000, webSearchRequests: 3 }),
      priceOf('claude-opus-4-5-20251101'),
    );
    expect(cost).toBe(130_000);
  });

  it('web fetch is free beyond its tokens on the list price', () => {
    const cost = costOf(usage({ webFetchRequests: 7 }), priceOf('claude-sonnet-4-5'));
    expect(cost).toBe(0);
  });

  it('rounds a fraction of a micro-dollar up, once per request', () => {
    const haiku3 = priceOf('claude-3-haiku-20240307');
    // One input token at $0.25/MTok is 0.25 micro-dollars: charged as 1.
    expect(costOf(usage({ inputTokens: 1 }), haiku3)).toBe(1);
    // 0.25 + 1.25 = 1.5 micro-dollars → 2 (rounding each part first would give 3).
    expect(costOf(usage({ inputTokens: 1, outputTokens: 1 }), haiku3)).toBe(2);
    // Exactly 4 tokens x 0.25 = 1 micro-dollar: no rounding.
    expect(costOf(usage({ inputTokens: 4 }), haiku3)).toBe(1);
  });

  it('1-hour cache writes cost twice input and cache reads a tenth (Haiku 4.5)', () => {
    const haiku45 = priceOf('claude-haiku-4-5');
    expect(costOf(usage({ cacheCreation1hInputTokens: 1_000_000 }), haiku45)).toBe(2_000_000);
    expect(costOf(usage({ cacheCreation5mInputTokens: 1_000_000 }), haiku45)).toBe(1_250_000);
    expect(costOf(usage({ cacheReadInputTokens: 1_000_000 }), haiku45)).toBe(100_000);
  });

  it('stays exact beyond 2^53 pico-dollars by switching to BigInt', () => {
    // 10^12 output tokens x $75/MTok = $75,000,000 = 7.5e13 micro-dollars (7.5e19 pico-dollars).
    const opus41 = priceOf('claude-opus-4-1');
    expect(costOf(usage({ outputTokens: 1e12 }), opus41)).toBe(75_000_000_000_000);
    expect(costOf(usage({ outputTokens: 1e12, inputTokens: 1 }), opus41)).toBe(75_000_000_000_015);
  });

  it('treats negative, fractional or non-finite counts as zero instead of throwing', () => {
    const sonnet = priceOf('claude-sonnet-4-5');
    const cost = costOf(
      usage({
        inputTokens: -5,
        outputTokens: 1.5,
        cacheReadInputTokens: Number.NaN,
        webSearchRequests: 1,
      }),
      sonnet,
    );
    expect(cost).toBe(10_000);
  });
});

describe('costFor', () => {
  it('returns the cost with the version and family that priced it', () => {
    const result = costFor(
      usage({ inputTokens: 1000, outputTokens: 500 }),
      catalog.priceFor('claude-sonnet-4-5', AT),
    );
    expect(result).toEqual({
      priced: true,
      costMicroUsd: 10_500,
      family: 'claude-sonnet-4-5',
      pricingVersion: 'anthropic-list-1',
    });
  });

  it('costs an unknown model at 0 and flags it rather than throwing', () => {
    const result = costFor(usage({ inputTokens: 1000 }), catalog.priceFor('gpt-4o', AT));
    expect(result).toEqual({
      priced: false,
      costMicroUsd: 0,
      family: null,
      pricingVersion: 'anthropic-list-1',
      unpricedReason: 'unknown_model',
    });
  });

  it('uses the exact price object the lookup returned', () => {
    const lookup = catalog.priceFor('claude-3-5-haiku', AT) as PricedLookup;
    const result = costFor(usage({ outputTokens: 1_000_000 }), lookup);
    expect(result.costMicroUsd).toBe(lookup.price.outputMicroUsdPerMTok);
    expect(result.costMicroUsd).toBe(4_000_000);
  });
});

describe('costOf — prices by prompt length (Claude Haiku 5.5)', () => {
  const haiku = (() => {
    const lookup = catalog.priceFor('claude-haiku-5-5', new Date('2026-11-25T00:00:00Z'));
    if (!lookup.priced)
      throw new Error(`expected claude-haiku-5-5 to be priced, got ${lookup.reason}`);
    return lookup.price;
  })();

  it('charges the base prices up to 100,000 prompt tokens, cache reads and writes included', () => {
    // 60,000 x $0.10 + 30,000 x $0.01 + 10,000 x $0.125 = $0.006 + $0.0003 + $0.00125;
    // 1,000 output x $0.50 = $0.0005.
    const cost = costOf(
      usage({
        inputTokens: 60_000,
        cacheReadInputTokens: 30_000,
        cacheCreation5mInputTokens: 10_000,
        outputTokens: 1_000,
      }),
      haiku,
    );
    expect(formatMicroUsd(cost)).toBe('$0.008050');
  });

  it('charges every token the long-prompt prices once the prompt exceeds 100,000 tokens', () => {
    // One more input token tips the request over: 60,001 x $0.50 + 30,000 x $0.05 +
    // 10,000 x $0.625 = $0.0300005 + $0.0015 + $0.00625; 1,000 output x $2.50 = $0.0025.
    const cost = costOf(
      usage({
        inputTokens: 60_001,
        cacheReadInputTokens: 30_000,
        cacheCreation5mInputTokens: 10_000,
        outputTokens: 1_000,
      }),
      haiku,
    );
    expect(cost).toBe(40_251);
  });

  it('counts 1-hour cache writes in the prompt length', () => {
    // 99,999 input + 2 one-hour writes: 100,001 prompt tokens, all at the long-prompt prices:
    // 99,999 x $0.50 + 2 x $1 = $0.0499995 + $0.000002.
    const cost = costOf(usage({ inputTokens: 99_999, cacheCreation1hInputTokens: 2 }), haiku);
    expect(cost).toBe(50_002);
  });

  it('keeps the long-prompt prices when the sum is large enough for the exact BigInt path', () => {
    // 2^53 pico-dollars is ~$9,007; 4e9 output tokens at $2.50 / MTok is $10,000 exactly.
    const cost = costOf(usage({ inputTokens: 200_000, outputTokens: 4_000_000_000 }), haiku);
    expect(cost).toBe(100_000 + 10_000_000_000);
  });

  it('leaves models without tiers at one price however long the prompt', () => {
    const opus = priceOf('claude-opus-4-5');
    expect(costOf(usage({ inputTokens: 900_000 }), opus)).toBe(4_500_000);
  });
});
