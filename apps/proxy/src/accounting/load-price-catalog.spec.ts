import { PricingError, PricingErrorCode } from '@gatehouse/pricing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPriceCatalog } from './load-price-catalog';

const AT = new Date('2026-11-25T00:00:00Z');

describe('loadPriceCatalog', () => {
  let dir: string;
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const failure = (path: string): PricingError => {
    try {
      loadPriceCatalog(path);
    } catch (error) {
      return error as PricingError;
    }
    throw new Error(`${path} was accepted`);
  };
  const version = (name: string, models: object) => ({
    version: name,
    effectiveFrom: '2026-11-09T00:00:00Z',
    models,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-prices-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the built-in prices without a file', () => {
    expect(loadPriceCatalog(undefined).priceFor('claude-opus-5-5', AT)).toMatchObject({
      priced: true,
      version: 'anthropic-list-3',
    });
  });

  it('prices a model the built-in table does not list yet, over the built-in prices', () => {
    const catalog = loadPriceCatalog(
      file('prices.json', [
        version('acme-2026-11', {
          'claude-fable-5-2': { inputUsdPerMTok: 8, outputUsdPerMTok: 40 },
        }),
      ]),
    );
    expect(catalog.priceFor('claude-fable-5-2', AT)).toMatchObject({
      priced: true,
      version: 'acme-2026-11',
      price: { inputMicroUsdPerMTok: 8_000_000, cacheReadMicroUsdPerMTok: 800_000 },
    });
    expect(catalog.priceFor('claude-opus-5-5', AT)).toMatchObject({ priced: true });
  });

  it('names the file and the setting when it cannot be read', () => {
    const error = failure(join(dir, 'missing.json'));
    expect(error.code).toBe(PricingErrorCode.FileUnreadable);
    expect(error.message).toContain('missing.json (GATEHOUSE_PRICES_FILE)');
  });

  it('says what is wrong with a file that is not JSON, not a price table, or clashes', () => {
    const notJson = failure(file('broken.json', '{ "version": '));
    expect(notJson.code).toBe(PricingErrorCode.InvalidPriceTable);
    expect(notJson.message).toMatch(/broken\.json \(GATEHOUSE_PRICES_FILE\) is not valid JSON/);

    const typo = failure(
      file('typo.json', [
        version('a', { 'claude-fable-5-2': { inputUsdPerMtok: 8, outputUsdPerMTok: 40 } }),
      ]),
    );
    expect(typo.code).toBe(PricingErrorCode.InvalidPriceTable);
    expect(typo.message).toContain('typo.json (GATEHOUSE_PRICES_FILE) is invalid');

    // A version named like a built-in one would make recorded `pricingVersion`s ambiguous.
    const clash = failure(
      file('clash.json', [
        version('anthropic-list-2', {
          'claude-fable-5-2': { inputUsdPerMTok: 8, outputUsdPerMTok: 40 },
        }),
      ]),
    );
    expect(clash.code).toBe(PricingErrorCode.DuplicateVersion);
    expect(clash.message).toContain('clash.json (GATEHOUSE_PRICES_FILE) cannot be used');
  });
});
