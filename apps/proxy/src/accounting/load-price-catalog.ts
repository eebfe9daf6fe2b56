import { parsePriceTable, PriceCatalog, PricingError, PricingErrorCode } from '@gatehouse/pricing';
import { readJsonFile } from '../json-file';

const SETTING = 'GATEHOUSE_PRICES_FILE';

/**
 * The price catalog requests are costed with: Anthropic's list prices built into libs/pricing,
 * with the operator's price file (`GATEHOUSE_PRICES_FILE`) layered over them when one is set,
 * for negotiated rates or a model newer than the built-in table. Every problem with the file is a
 * `PricingError` naming the file, the setting and what to fix, and stops the start: requests are
 * never costed with a table the proxy could not read.
 */
export function loadPriceCatalog(file: string | undefined): PriceCatalog {
  if (file === undefined) return new PriceCatalog();
  const source = `price file ${file} (${SETTING})`;
  const read = readJsonFile(file);
  if (!read.ok && read.problem === 'unreadable')
    throw new PricingError(
      PricingErrorCode.FileUnreadable,
      `cannot read ${source}: ${read.reason}`,
    );
  if (!read.ok)
    throw new PricingError(
      PricingErrorCode.InvalidPriceTable,
      `${source} is not valid JSON: ${read.reason}`,
    );
  const overrides = parsePriceTable(read.json, source);
  try {
    return new PriceCatalog({ overrides });
  } catch (error) {
    // A version named like a built-in one, for instance: the catalog's message says which.
    if (error instanceof PricingError)
      throw new PricingError(error.code, `${source} cannot be used: ${error.message}`);
    throw error;
  }
}
