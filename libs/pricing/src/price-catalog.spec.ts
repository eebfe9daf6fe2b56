import { PriceCatalog } from './price-catalog';
import { parsePriceTable, type PriceTable } from './price-table.schema';
import { PricingError, PricingErrorCode } from './pricing-error';

const base: PriceTable = parsePriceTable([
  {
    version: 'list-2025',
    effectiveFrom: '2025-01-01T00:00:00Z',
    serverTools: { webSearchUsdPer1kRequests: 10 },
    models: {
      'claude-sonnet-4-5': { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
      'claude-opus-4-1': { inputUsdPerMTok: 15, outputUsdPerMTok: 75 },
    },
  },
  {
    version: 'list-2026',
    effectiveFrom: '2026-01-01T00:00:00Z',
    models: { 'claude-sonnet-4-5': { inputUsdPerMTok: 2, outputUsdPerMTok: 10 } },
  },
]);

describe('PriceCatalog.priceFor', () => {
  const catalog = new PriceCatalog({ base });

  it('picks the version in force at the instant, inclusive of its effectiveFrom', () => {
    const before = catalog.priceFor('claude-sonnet-4-5', new Date('2025-12-31T23:59:59.999Z'));
    const at = catalog.priceFor('claude-sonnet-4-5', new Date('2026-01-01T00:00:00Z'));
    expect(before).toMatchObject({ priced: true, version: 'list-2025' });
    expect(at).toMatchObject({ priced: true, version: 'list-2026' });
    expect(before.priced && before.price.inputMicroUsdPerMTok).toBe(3_000_000);
    expect(at.priced && at.price.inputMicroUsdPerMTok).toBe(2_000_000);
  });

  it('inherits models and server tool prices a later version does not name', () => {
    const opus = catalog.priceFor('claude-opus-4-1-20250805', Date.parse('2026-06-01T00:00:00Z'));
    // Recorded under the version in force; the price itself carried over from list-2025.
    expect(opus).toMatchObject({ priced: true, version: 'list-2026', family: 'claude-opus-4-1' });
    expect(opus.priced && opus.price.outputMicroUsdPerMTok).toBe(75_000_000);
    const sonnet = catalog.priceFor('claude-sonnet-4-5', Date.parse('2026-06-01T00:00:00Z'));
    expect(sonnet.priced && sonnet.price.webSearchMicroUsdPer1kRequests).toBe(10_000_000);
  });

  it('derives omitted cache prices from Anthropic multipliers', () => {
    const lookup = catalog.priceFor('claude-sonnet-4-5', Date.parse('2025-06-01T00:00:00Z'));
    expect(lookup.priced && lookup.price).toMatchObject({
      cacheWrite5mMicroUsdPerMTok: 3_750_000,
      cacheWrite1hMicroUsdPerMTok: 6_000_000,
      cacheReadMicroUsdPerMTok: 300_000,
    });
  });

  it('says why a model is unpriced instead of throwing', () => {
    expect(catalog.priceFor('claude-sonnet-4-5', new Date('2024-01-01T00:00:00Z'))).toEqual({
      priced: false,
      reason: 'no_table_in_force',
      family: 'claude-sonnet-4-5',
      version: null,
    });
    expect(catalog.priceFor('claude-haiku-4-5', new Date('2025-06-01T00:00:00Z'))).toEqual({
      priced: false,
      reason: 'no_price_for_model',
      family: 'claude-haiku-4-5',
      version: 'list-2025',
    });
    expect(catalog.priceFor('mystery-model', new Date('2025-06-01T00:00:00Z'))).toEqual({
      priced: false,
      reason: 'unknown_model',
      family: null,
      version: 'list-2025',
    });
  });

  it('returns the same frozen object for repeated lookups, so the hot path allocates nothing', () => {
    const a = catalog.priceFor('claude-sonnet-4-5-20250929', Date.parse('2025-06-01T00:00:00Z'));
    const b = catalog.priceFor('claude-sonnet-4-5@20250929', Date.parse('2025-07-01T00:00:00Z'));
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('PriceCatalog with operator overrides', () => {
  const overrides = parsePriceTable([
    {
      version: 'acme-negotiated-2025-07',
      effectiveFrom: '2025-07-01T00:00:00Z',
      serverTools: { webSearchUsdPer1kRequests: 8 },
      models: {
        'claude-sonnet-4-5': { inputUsdPerMTok: 2.7, outputUsdPerMTok: 13.5 },
        'claude-haiku-4-5': { inputUsdPerMTok: 1, outputUsdPerMTok: 5 },
      },
    },
  ]);
  const catalog = new PriceCatalog({ base, overrides });

  it('lets the operator price win only while it is in force', () => {
    const june = catalog.priceFor('claude-sonnet-4-5', Date.parse('2025-06-30T00:00:00Z'));
    const july = catalog.priceFor('claude-sonnet-4-5', Date.parse('2025-07-01T00:00:00Z'));
    expect(june).toMatchObject({ version: 'list-2025' });
    expect(july).toMatchObject({ version: 'acme-negotiated-2025-07' });
    expect(july.priced && july.price.inputMicroUsdPerMTok).toBe(2_700_000);
  });

  it('keeps overriding after a later built-in version starts', () => {
    const lookup = catalog.priceFor('claude-sonnet-4-5', Date.parse('2026-03-01T00:00:00Z'));
    expect(lookup).toMatchObject({ version: 'acme-negotiated-2025-07' });
  });

  it('adds models the built-in table lacks and applies server tool overrides to every model', () => {
    const haiku = catalog.priceFor('claude-haiku-4-5', Date.parse('2025-08-01T00:00:00Z'));
    expect(haiku).toMatchObject({ priced: true, version: 'acme-negotiated-2025-07' });
    const opus = catalog.priceFor('claude-opus-4-1', Date.parse('2025-08-01T00:00:00Z'));
    expect(opus).toMatchObject({ priced: true, version: 'list-2025' });
    expect(opus.priced && opus.price.webSearchMicroUsdPer1kRequests).toBe(8_000_000);
  });

  it('refuses an operator version that reuses a built-in version name', () => {
    const clash = parsePriceTable([
      { version: 'list-2026', effectiveFrom: '2027-01-01T00:00:00Z', models: {} },
    ]);
    expect(() => new PriceCatalog({ base, overrides: clash })).toThrow(
      expect.objectContaining({ code: PricingErrorCode.DuplicateVersion }),
    );
  });
});

describe('PriceCatalog aliases and defaults', () => {
  const profileArn =
    'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4';

  it('maps an opaque Bedrock application inference profile through an alias', () => {
    const catalog = new PriceCatalog({ aliases: { [profileArn]: 'claude-sonnet-4-5' } });
    expect(catalog.familyOf(profileArn.toUpperCase())).toBe('claude-sonnet-4-5');
    expect(catalog.priceFor(profileArn, new Date('2026-01-01T00:00:00Z'))).toMatchObject({
      priced: true,
      family: 'claude-sonnet-4-5',
    });
  });

  it('rejects an alias to a non-canonical family at startup', () => {
    expect(() => new PriceCatalog({ aliases: { x: 'claude-sonnet-4-5-20250929' } })).toThrow(
      PricingError,
    );
  });

  it('prices every model family the brief lists from the built-in table', () => {
    const catalog = new PriceCatalog();
    const now = new Date('2026-01-15T00:00:00Z');
    const expected: Record<string, [number, number]> = {
      'claude-opus-4-5-20251101': [5_000_000, 25_000_000],
      'claude-opus-4-1-20250805': [15_000_000, 75_000_000],
      'claude-opus-4-20250514': [15_000_000, 75_000_000],
      'claude-sonnet-4-5-20250929': [3_000_000, 15_000_000],
      'claude-sonnet-4-20250514': [3_000_000, 15_000_000],
      'claude-3-7-sonnet-20250219': [3_000_000, 15_000_000],
      'claude-haiku-4-5-20251001': [1_000_000, 5_000_000],
      'claude-3-5-haiku-20241022': [800_000, 4_000_000],
      'claude-3-haiku-20240307': [250_000, 1_250_000],
    };
    for (const [model, [input, output]] of Object.entries(expected)) {
      const lookup = catalog.priceFor(model, now);
      expect({ model, input: lookup.priced && lookup.price.inputMicroUsdPerMTok }).toEqual({
        model,
        input,
      });
      expect(lookup.priced && lookup.price.outputMicroUsdPerMTok).toBe(output);
    }
  });

  it('refuses a hand-built table whose dates are out of order', () => {
    const table: PriceTable = [
      { version: 'b', effectiveFrom: '2026-01-01T00:00:00Z', inherit: true, models: {} },
      { version: 'a', effectiveFrom: '2025-01-01T00:00:00Z', inherit: true, models: {} },
    ];
    expect(() => new PriceCatalog({ base: table })).toThrow(
      expect.objectContaining({ code: PricingErrorCode.EffectiveDatesOutOfOrder }),
    );
  });
});
