import { z } from 'zod';
import { canonicalModelFamily, isCanonicalModelFamily } from './model-family';
import { usdToMicroUsd } from './model-price';
import { PricingError, PricingErrorCode } from './pricing-error';

/**
 * The price file operators write, in dollars because that is how prices are published and read.
 * Amounts are converted to integer micro-dollars when the catalog is built, so each must be a whole
 * number of micro-dollars (at most six decimal places).
 */
const usdAmount = z
  .number()
  .nonnegative()
  .refine((usd) => usdToMicroUsd(usd) !== null, {
    message: 'must be a whole number of micro-dollars (at most 6 decimal places)',
  });

/** The five token prices of one model (or of one of its prompt-length tiers). */
const tokenPriceShape = {
  inputUsdPerMTok: usdAmount.describe('Uncached input tokens, USD per million.'),
  outputUsdPerMTok: usdAmount.describe('Output tokens (including thinking), USD per million.'),
  cacheWrite5mUsdPerMTok: usdAmount
    .optional()
    .describe('5-minute cache writes; defaults to 1.25x input, Anthropic’s multiplier.'),
  cacheWrite1hUsdPerMTok: usdAmount
    .optional()
    .describe('1-hour cache writes; defaults to 2x input.'),
  cacheReadUsdPerMTok: usdAmount
    .optional()
    .describe('Cache hits and refreshes; defaults to 0.1x input.'),
};

export const ModelPriceInputSchema = z.strictObject({
  ...tokenPriceShape,
  longPrompt: z
    .strictObject({
      abovePromptTokens: z
        .number()
        .int()
        .positive()
        .describe(
          'Prompt length (input, cache reads and cache writes together) above which a request pays these prices instead, for all of its tokens, output included.',
        ),
      ...tokenPriceShape,
    })
    .optional()
    .describe('Higher prices for long prompts, e.g. Claude Haiku 5.5 above 100,000 tokens.'),
});

export const ServerToolPricesSchema = z.strictObject({
  webSearchUsdPer1kRequests: usdAmount.optional().describe('Web search, USD per 1,000 searches.'),
  webFetchUsdPer1kRequests: usdAmount.optional().describe('Web fetch, USD per 1,000 fetches.'),
});

export const PriceTableVersionSchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
      .describe('Name recorded with every cost (`pricingVersion`), so old costs can be explained.'),
    effectiveFrom: z.iso
      .datetime({ offset: true })
      .describe('First instant (inclusive) this version prices requests.'),
    inherit: z
      .boolean()
      .default(true)
      .describe(
        'Start from the previous version’s prices and overlay `models`; false lists every model.',
      ),
    serverTools: ServerToolPricesSchema.optional(),
    models: z
      .record(z.string(), ModelPriceInputSchema)
      .describe('Prices keyed by canonical model family, e.g. `claude-sonnet-4-5`.'),
  })
  .superRefine((table, ctx) => {
    for (const key of Object.keys(table.models)) {
      if (isCanonicalModelFamily(key)) continue;
      const canonical = canonicalModelFamily(key);
      ctx.addIssue({
        code: 'custom',
        path: ['models', key],
        message: canonical
          ? `model key must be a canonical family id; use "${canonical}" instead of "${key}"`
          : `model key "${key}" is not a Claude model id (expected e.g. "claude-sonnet-4-5")`,
      });
    }
  });

/**
 * A price table: versions in strictly increasing `effectiveFrom` order with unique names. The
 * version in force at an instant is the last one whose `effectiveFrom` is not after it.
 */
export const PriceTableSchema = z
  .array(PriceTableVersionSchema)
  .min(1)
  .superRefine((versions, ctx) => {
    const seen = new Set<string>();
    versions.forEach((entry, index) => {
      if (seen.has(entry.version)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'version'],
          message: `duplicate version "${entry.version}"`,
        });
      }
      seen.add(entry.version);
      if (index === 0) return;
      const previous = versions[index - 1];
      if (Date.parse(entry.effectiveFrom) <= Date.parse(previous.effectiveFrom)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'effectiveFrom'],
          message: `effectiveFrom ${entry.effectiveFrom} must be after the previous version's ${previous.effectiveFrom}`,
        });
      }
    });
  });

export type PriceTableInput = z.input<typeof PriceTableSchema>;
export type PriceTable = z.output<typeof PriceTableSchema>;
export type PriceTableVersion = z.output<typeof PriceTableVersionSchema>;
export type ModelPriceInput = z.output<typeof ModelPriceInputSchema>;
/** The token-price fields of a model's input, or of its long-prompt tier. */
export type TokenPriceInput = Omit<ModelPriceInput, 'longPrompt'>;

/** Validates a parsed price file, turning zod's issues into one readable `PricingError`. */
export function parsePriceTable(json: unknown, source = 'price table'): PriceTable {
  const result = PriceTableSchema.safeParse(json);
  if (result.success) return result.data;
  throw new PricingError(
    PricingErrorCode.InvalidPriceTable,
    `${source} is invalid:\n${z.prettifyError(result.error)}`,
  );
}
