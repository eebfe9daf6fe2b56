import type { ModelPriceInput } from './price-table.schema';
import { parsePriceTable, type PriceTable } from './price-table.schema';

/**
 * Anthropic's list prices (USD per million tokens), from the pricing page at
 * https://platform.claude.com/docs/en/about-claude/pricing. Cache columns are the published
 * figures. Most follow Anthropic's multipliers (5-minute write 1.25x input, 1-hour write 2x, cache
 * hit 0.1x); the exceptions are Claude Haiku 3 (rounded), Opus 5.5 and Sonnet 5.5 (cache hits at
 * 0.05x) and Fable and Mythos 5.1 (cache hits at 0.025x).
 *
 * Not modelled: Batch API's 50% discount (the gateway proxies the synchronous Messages API only),
 * long-context surcharges on the older models' 1M-context betas, fast mode, and the 1.1x multiplier
 * of US-only inference (`inference_geo`); operators who use those add a price file. Claude Haiku
 * 5.5's prompt-length tiers are modelled (`longPrompt`).
 *
 * Versions are never edited once published (their names are recorded with every cost); a price
 * change or a new model is a new version. A version may list a model before its release date: no
 * request can name it earlier, and it keeps the table to one version per price change.
 *
 * Not listed yet: Claude Fable 5.2 and Claude Mythos 5.2 (released 2026-11-09), whose prices were
 * not confirmed from Anthropic's page when this table was last updated; requests for them are
 * costed 0 and flagged `no_price_for_model` until a price file (the proxy's `GATEHOUSE_PRICES_FILE`)
 * or a new version lists them.
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
/** Claude Sonnet 5 and 5.5 ($2 / $10; Sonnet 5's introductory price became its standard one). */
const sonnetFive: ModelPriceInput = {
  inputUsdPerMTok: 2,
  cacheWrite5mUsdPerMTok: 2.5,
  cacheWrite1hUsdPerMTok: 4,
  cacheReadUsdPerMTok: 0.2,
  outputUsdPerMTok: 10,
};
/** Claude Fable and Mythos 5 (the same prices; Mythos is Fable under limited availability). */
const fableFive: ModelPriceInput = {
  inputUsdPerMTok: 10,
  cacheWrite5mUsdPerMTok: 12.5,
  cacheWrite1hUsdPerMTok: 20,
  cacheReadUsdPerMTok: 1,
  outputUsdPerMTok: 50,
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
    {
      version: 'anthropic-list-2',
      // Claude Opus 4.7's release, the first model this version adds; it adds models at their
      // launch prices and changes none of version 1's.
      effectiveFrom: '2026-04-16T00:00:00Z',
      models: {
        'claude-opus-4-7': opusCurrent,
        'claude-opus-4-8': opusCurrent,
        'claude-opus-5': opusCurrent,
        // Cache hits at 0.05x input (the page's footnote), not the standard 0.1x.
        'claude-opus-5-5': {
          inputUsdPerMTok: 4,
          cacheWrite5mUsdPerMTok: 5,
          cacheWrite1hUsdPerMTok: 8,
          cacheReadUsdPerMTok: 0.2,
          outputUsdPerMTok: 20,
        },
        'claude-fable-5': fableFive,
        'claude-mythos-5': fableFive,
        // Cache hits at 0.025x input (the page's footnote).
        'claude-fable-5-1': { ...fableFive, cacheReadUsdPerMTok: 0.25 },
        'claude-mythos-5-1': { ...fableFive, cacheReadUsdPerMTok: 0.25 },
        'claude-sonnet-5': sonnetFive,
        'claude-sonnet-5-5': sonnetFive,
      },
    },
    {
      version: 'anthropic-list-3',
      // Claude Haiku 5.5's release, when Claude Sonnet 5.5's cache hits dropped to 0.05x input.
      effectiveFrom: '2026-10-07T00:00:00Z',
      models: {
        'claude-sonnet-5-5': { ...sonnetFive, cacheReadUsdPerMTok: 0.1 },
        // Priced by prompt length: above 100,000 prompt tokens (input, cache reads and writes
        // together) the whole request, output included, pays the higher prices.
        'claude-haiku-5-5': {
          inputUsdPerMTok: 0.1,
          cacheWrite5mUsdPerMTok: 0.125,
          cacheWrite1hUsdPerMTok: 0.2,
          cacheReadUsdPerMTok: 0.01,
          outputUsdPerMTok: 0.5,
          longPrompt: {
            abovePromptTokens: 100_000,
            inputUsdPerMTok: 0.5,
            cacheWrite5mUsdPerMTok: 0.625,
            cacheWrite1hUsdPerMTok: 1,
            cacheReadUsdPerMTok: 0.05,
            outputUsdPerMTok: 2.5,
          },
        },
      },
    },
  ],
  'built-in price table',
);
