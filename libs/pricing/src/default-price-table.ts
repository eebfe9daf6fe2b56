import type { ModelPriceInput } from './price-table.schema';
import { parsePriceTable, type PriceTable } from './price-table.schema';

/**
 * Anthropic's list prices (USD per million tokens), from the pricing page at
 * https://platform.claude.com/docs/en/about-claude/pricing. Cache columns are the published
 * figures, which follow Anthropic's multipliers (5-minute write 1.25x input, 1-hour write 2x,
 * cache hit 0.1x) except where the page rounds them (Claude Haiku 3).
 *
 * Not modelled: Batch API's 50% discount (the gateway proxies the synchronous Messages API only)
 * and long-context surcharges on 1M-context betas; operators who use those add a price file.
 */
const opusCurrent: ModelPriceInput = {
  inputUsdPerMTok: 5,
  cacheWrite5mUsdPerMTok: 6.25,
  cacheWrite1hUsdPerMTok: 10,
  cacheReadUsdPerMTok: 0.5,
  outputUsdPerMTok: 25,
};
const opusLegacy: ModelPriceInput = {
  inputUsdPerMTok: 15,
  cacheWrite5mUsdPerMTok: 18.75,
  cacheWrite1hUsdPerMTok: 30,
  cacheReadUsdPerMTok: 1.5,
  outputUsdPerMTok: 75,
};
const sonnet: ModelPriceInput = {
  inputUsdPerMTok: 3,
  cacheWrite5mUsdPerMTok: 3.75,
  cacheWrite1hUsdPerMTok: 6,
  cacheReadUsdPerMTok: 0.3,
  outputUsdPerMTok: 15,
};

/** The built-in table; operator price files are layered on top of it (see `PriceCatalog`). */
export const DEFAULT_PRICE_TABLE: PriceTable = parsePriceTable(
  [
    {
      version: 'anthropic-list-1',
      // Claude 3's launch: no Claude model billed through the Messages API predates it.
      effectiveFrom: '2024-03-04T00:00:00Z',
      serverTools: {
        // "$10 per 1,000 searches plus standard token costs"; web fetch has no charge beyond tokens.
        webSearchUsdPer1kRequests: 10,
        webFetchUsdPer1kRequests: 0,
      },
      models: {
        'claude-opus-4-6': opusCurrent,
        'claude-opus-4-5': opusCurrent,
        'claude-opus-4-1': opusLegacy,
        'claude-opus-4': opusLegacy,
        'claude-3-opus': opusLegacy,
        'claude-sonnet-4-6': sonnet,
        'claude-sonnet-4-5': sonnet,
        'claude-sonnet-4': sonnet,
        'claude-3-7-sonnet': sonnet,
        'claude-haiku-4-5': {
          inputUsdPerMTok: 1,
          cacheWrite5mUsdPerMTok: 1.25,
          cacheWrite1hUsdPerMTok: 2,
          cacheReadUsdPerMTok: 0.1,
          outputUsdPerMTok: 5,
        },
        'claude-3-5-haiku': {
          inputUsdPerMTok: 0.8,
          cacheWrite5mUsdPerMTok: 1,
          cacheWrite1hUsdPerMTok: 1.6,
          cacheReadUsdPerMTok: 0.08,
          outputUsdPerMTok: 4,
        },
        'claude-3-haiku': {
          inputUsdPerMTok: 0.25,
          cacheWrite5mUsdPerMTok: 0.3,
          cacheWrite1hUsdPerMTok: 0.5,
          cacheReadUsdPerMTok: 0.03,
          outputUsdPerMTok: 1.25,
        },
      },
    },
  ],
  'built-in price table',
);
