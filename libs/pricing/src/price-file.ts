import { readFileSync } from 'node:fs';
import { parsePriceTable, type PriceTable } from './price-table.schema';
import { PricingError, PricingErrorCode } from './pricing-error';

/**
 * Reads an operator's price file (JSON, `PriceTableSchema`), layered over the built-in table by
 * `PriceCatalog`: how a deployment prices a model newer than the built-in table, or its own
 * negotiated rates. Every problem is a `PricingError` that names the file and what to fix; the
 * service refuses to start rather than cost requests with a table it could not read.
 */
export function loadPriceFile(file: string, setting = 'GATEHOUSE_PRICES_FILE'): PriceTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PricingError(
      PricingErrorCode.FileUnreadable,
      `cannot read price file ${file} (${setting}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PricingError(
      PricingErrorCode.InvalidPriceTable,
      `price file ${file} (${setting}) is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parsePriceTable(json, `price file ${file} (${setting})`);
}
