import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PriceCatalog } from './price-catalog';
import { loadPriceFile } from './price-file';
import { PricingError, PricingErrorCode } from './pricing-error';

describe('loadPriceFile', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const failure = (path: string): PricingError => {
    try {
      loadPriceFile(path);
    } catch (error) {
      return error as PricingError;
    }
    throw new Error(`${path} was accepted`);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-prices-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prices a model the built-in table does not list yet, over the built-in prices', () => {
    const path = file(
      'prices.json',
      JSON.stringify([
        {
          version: 'acme-2026-11',
          effectiveFrom: '2026-11-09T00:00:00Z',
          models: { 'claude-fable-5-2': { inputUsdPerMTok: 8, outputUsdPerMTok: 40 } },
        },
      ]),
    );
    const catalog = new PriceCatalog({ overrides: loadPriceFile(path) });
    const at = new Date('2026-11-25T00:00:00Z');
    expect(catalog.priceFor('claude-fable-5-2', at)).toMatchObject({
      priced: true,
      version: 'acme-2026-11',
      price: { inputMicroUsdPerMTok: 8_000_000, cacheReadMicroUsdPerMTok: 800_000 },
    });
    expect(catalog.priceFor('claude-opus-5-5', at)).toMatchObject({ priced: true });
  });

  it('names the file and the setting when it cannot be read', () => {
    const error = failure(join(dir, 'missing.json'));
    expect(error.code).toBe(PricingErrorCode.FileUnreadable);
    expect(error.message).toContain('missing.json (GATEHOUSE_PRICES_FILE)');
  });

  it('says what is wrong with a file that is not JSON or not a price table', () => {
    const notJson = failure(file('broken.json', '{ "version": '));
    expect(notJson.code).toBe(PricingErrorCode.InvalidPriceTable);
    expect(notJson.message).toMatch(/broken\.json \(GATEHOUSE_PRICES_FILE\) is not valid JSON/);
    const wrongShape = failure(
      file(
        'typo.json',
        JSON.stringify([
          {
            version: 'a',
            effectiveFrom: '2026-01-01T00:00:00Z',
            models: { 'claude-fable-5-2': { inputUsdPerMtok: 8, outputUsdPerMTok: 40 } },
          },
        ]),
      ),
    );
    expect(wrongShape.code).toBe(PricingErrorCode.InvalidPriceTable);
    expect(wrongShape.message).toContain('typo.json (GATEHOUSE_PRICES_FILE) is invalid');
  });
});
