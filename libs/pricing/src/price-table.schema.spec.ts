import { DEFAULT_PRICE_TABLE } from './default-price-table';
import { parsePriceTable, PriceTableSchema } from './price-table.schema';
import { PricingError, PricingErrorCode } from './pricing-error';

const sonnet = { inputUsdPerMTok: 3, outputUsdPerMTok: 15 };

describe('PriceTableSchema', () => {
  it('accepts an operator file and defaults `inherit` to true', () => {
    const table = parsePriceTable([
      {
        version: 'acme-1',
        effectiveFrom: '2025-07-01T00:00:00Z',
        models: { 'claude-sonnet-4-5': sonnet },
      },
    ]);
    expect(table[0].inherit).toBe(true);
  });

  it('rejects versions that are not in strictly increasing effectiveFrom order', () => {
    const result = PriceTableSchema.safeParse([
      { version: 'b', effectiveFrom: '2026-01-01T00:00:00Z', models: {} },
      { version: 'a', effectiveFrom: '2026-01-01T00:00:00+00:00', models: {} },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: [1, 'effectiveFrom'] });
  });

  it('rejects duplicate version names', () => {
    const result = PriceTableSchema.safeParse([
      { version: 'a', effectiveFrom: '2025-01-01T00:00:00Z', models: {} },
      { version: 'a', effectiveFrom: '2026-01-01T00:00:00Z', models: {} },
    ]);
    expect(result.error?.issues.map((issue) => issue.message)).toContain('duplicate version "a"');
  });

  it('suggests the canonical family for a dated model key', () => {
    expect(() =>
      parsePriceTable(
        [
          {
            version: 'a',
            effectiveFrom: '2025-01-01T00:00:00Z',
            models: { 'claude-sonnet-4-5-20250929': sonnet },
          },
        ],
        'prices.json',
      ),
    ).toThrow(/prices\.json is invalid:[\s\S]*use "claude-sonnet-4-5"/);
  });

  it('rejects amounts finer than a micro-dollar and unknown fields', () => {
    const tooPrecise = PriceTableSchema.safeParse([
      {
        version: 'a',
        effectiveFrom: '2025-01-01T00:00:00Z',
        models: { 'claude-sonnet-4-5': { inputUsdPerMTok: 3.0000001, outputUsdPerMTok: 15 } },
      },
    ]);
    expect(tooPrecise.success).toBe(false);
    const typo = PriceTableSchema.safeParse([
      {
        version: 'a',
        effectiveFrom: '2025-01-01T00:00:00Z',
        models: { 'claude-sonnet-4-5': { ...sonnet, outputUsdPerMtok: 15 } },
      },
    ]);
    expect(typo.success).toBe(false);
  });

  it('takes a long-prompt tier only with a whole, positive token limit', () => {
    const withTier = (abovePromptTokens: number) =>
      PriceTableSchema.safeParse([
        {
          version: 'a',
          effectiveFrom: '2025-01-01T00:00:00Z',
          models: {
            'claude-haiku-5-5': {
              inputUsdPerMTok: 0.1,
              outputUsdPerMTok: 0.5,
              longPrompt: { abovePromptTokens, inputUsdPerMTok: 0.5, outputUsdPerMTok: 2.5 },
            },
          },
        },
      ]).success;
    expect(withTier(100_000)).toBe(true);
    expect(withTier(0)).toBe(false);
    expect(withTier(1.5)).toBe(false);
  });

  it('raises a PricingError with the InvalidPriceTable code', () => {
    try {
      parsePriceTable({ not: 'a list' });
      throw new Error('parsePriceTable accepted an object');
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect((error as PricingError).code).toBe(PricingErrorCode.InvalidPriceTable);
    }
  });

  it('validates the built-in table with the same schema operators use', () => {
    expect(PriceTableSchema.safeParse(DEFAULT_PRICE_TABLE).success).toBe(true);
    expect(Object.keys(DEFAULT_PRICE_TABLE[0].models)).toEqual(
      expect.arrayContaining(['claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5']),
    );
  });
});
