import { PriceCatalog } from './price-catalog';

/**
 * The built-in table against Anthropic's published prices (USD per MTok: input, 5m write,
 * 1h write, cache hit, output), at the instants they applied.
 */
const catalog = new PriceCatalog();
const NOW = new Date('2026-11-25T00:00:00Z');

function published(model: string, at: Date = NOW): number[] {
  const lookup = catalog.priceFor(model, at);
  if (!lookup.priced) throw new Error(`${model} unpriced at ${at.toISOString()}: ${lookup.reason}`);
  const p = lookup.price;
  return [
    p.inputMicroUsdPerMTok,
    p.cacheWrite5mMicroUsdPerMTok,
    p.cacheWrite1hMicroUsdPerMTok,
    p.cacheReadMicroUsdPerMTok,
    p.outputMicroUsdPerMTok,
  ].map((micro) => micro / 1_000_000);
}

describe('DEFAULT_PRICE_TABLE', () => {
  it.each([
    ['claude-opus-5-5', [4, 5, 8, 0.2, 20]],
    ['claude-opus-5', [5, 6.25, 10, 0.5, 25]],
    ['claude-opus-4-8', [5, 6.25, 10, 0.5, 25]],
    ['claude-opus-4-7', [5, 6.25, 10, 0.5, 25]],
    ['claude-fable-5-1', [10, 12.5, 20, 0.25, 50]],
    ['claude-mythos-5-1', [10, 12.5, 20, 0.25, 50]],
    ['claude-fable-5', [10, 12.5, 20, 1, 50]],
    ['claude-mythos-5', [10, 12.5, 20, 1, 50]],
    ['claude-sonnet-5-5', [2, 2.5, 4, 0.1, 10]],
    ['claude-sonnet-5', [2, 2.5, 4, 0.2, 10]],
    ['claude-haiku-5-5', [0.1, 0.125, 0.2, 0.01, 0.5]],
    ['claude-sonnet-4-5', [3, 3.75, 6, 0.3, 15]],
  ])('prices %s as published', (model, prices) => {
    expect(published(model)).toEqual(prices);
  });

  it('prices the model ids Claude Code and the clouds send, not only the family', () => {
    expect(published('claude-opus-5-5[1m]')).toEqual(published('claude-opus-5-5'));
    expect(published('us.anthropic.claude-opus-5-5-v1:0')).toEqual(published('claude-opus-5-5'));
    expect(published('claude-opus-5-5@20260101')).toEqual(published('claude-opus-5-5'));
  });

  it("keeps Claude Sonnet 5.5's launch cache-hit price before the 2026-10-07 cut", () => {
    expect(published('claude-sonnet-5-5', new Date('2026-10-01T00:00:00Z'))).toEqual([
      2, 2.5, 4, 0.2, 10,
    ]);
    expect(catalog.priceFor('claude-sonnet-5-5', NOW)).toMatchObject({
      version: 'anthropic-list-3',
    });
  });

  it('gives Claude Haiku 5.5 its long-prompt prices above 100,000 prompt tokens', () => {
    const lookup = catalog.priceFor('claude-haiku-5-5', NOW);
    expect(lookup.priced && lookup.price.longPrompt).toEqual({
      abovePromptTokens: 100_000,
      prices: {
        inputMicroUsdPerMTok: 500_000,
        cacheWrite5mMicroUsdPerMTok: 625_000,
        cacheWrite1hMicroUsdPerMTok: 1_000_000,
        cacheReadMicroUsdPerMTok: 50_000,
        outputMicroUsdPerMTok: 2_500_000,
      },
    });
  });

  it('flags models whose price was not confirmed instead of guessing one', () => {
    expect(catalog.priceFor('claude-fable-5-2', NOW)).toMatchObject({
      priced: false,
      reason: 'no_price_for_model',
    });
  });
});
