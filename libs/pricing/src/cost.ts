import type { TokenUsage } from '@gatehouse/contracts';
import type { ModelPrice, TokenPrices } from './model-price';
import type { PriceLookup, UnpricedReason } from './price-catalog';

/**
 * What a request consumed, in the contracts' `TokenUsage` shape (the same object the usage tap
 * produces and the `usage.request_completed` event carries).
 */
export type BillableUsage = TokenUsage;

/** 1 micro-dollar = 1,000,000 pico-dollars: tokens x (micro-dollars per million tokens). */
const PICO_PER_MICRO = 1_000_000;
const PICO_PER_MICRO_BIG = 1_000_000n;
/** Per-1,000-requests micro-dollar prices become pico-dollars per request by x1,000,000 / 1,000. */
const PICO_PER_1K_MICRO_PER_REQUEST = 1_000;

/**
 * Cost of one request in whole micro-dollars (1e-6 USD), computed exactly.
 *
 * Rounding rule: every component is multiplied out exactly in pico-dollars (tokens x micro-dollars
 * per million tokens is an integer number of pico-dollars), the components are summed, and the sum
 * is rounded UP to a whole micro-dollar once per request. Summing before rounding means a request
 * is never charged more than one micro-dollar above its exact cost (rounding each component would
 * allow five), and rounding up means the error is never in the caller's favour, as
 * `libs/contracts` documents for `costMicroUsd`. Ledgers then add integers and never drift.
 *
 * Counts that are not non-negative safe integers are treated as 0 so this never throws on the hot
 * path. Sums beyond 2^53 pico-dollars (about $9,000 in one request) switch to BigInt; the result
 * is capped at Number.MAX_SAFE_INTEGER micro-dollars.
 */
export function costOf(usage: BillableUsage, price: ModelPrice): number {
  const tokens = tokenPricesFor(usage, price);
  const pico =
    count(usage.inputTokens) * tokens.inputMicroUsdPerMTok +
    count(usage.outputTokens) * tokens.outputMicroUsdPerMTok +
    count(usage.cacheCreation5mInputTokens) * tokens.cacheWrite5mMicroUsdPerMTok +
    count(usage.cacheCreation1hInputTokens) * tokens.cacheWrite1hMicroUsdPerMTok +
    count(usage.cacheReadInputTokens) * tokens.cacheReadMicroUsdPerMTok +
    count(usage.webSearchRequests) *
      price.webSearchMicroUsdPer1kRequests *
      PICO_PER_1K_MICRO_PER_REQUEST +
    count(usage.webFetchRequests) *
      price.webFetchMicroUsdPer1kRequests *
      PICO_PER_1K_MICRO_PER_REQUEST;
  // Every term is non-negative, so if any product lost precision the sum is unsafe too.
  if (Number.isSafeInteger(pico)) return ceilPicoToMicro(pico);
  return costOfBig(usage, price, tokens);
}

/**
 * The tier a request pays: a model priced by prompt length charges its `longPrompt` prices for
 * every token of a request whose prompt (input, cache reads and cache writes) exceeds the limit.
 */
function tokenPricesFor(usage: BillableUsage, price: ModelPrice): TokenPrices {
  const long = price.longPrompt;
  if (long === undefined) return price;
  const prompt =
    count(usage.inputTokens) +
    count(usage.cacheReadInputTokens) +
    count(usage.cacheCreation5mInputTokens) +
    count(usage.cacheCreation1hInputTokens);
  return prompt > long.abovePromptTokens ? long.prices : price;
}

/** Result of costing one request against a catalog lookup. */
export type RequestCost =
  | {
      readonly priced: true;
      readonly costMicroUsd: number;
      readonly family: string;
      readonly pricingVersion: string;
    }
  | {
      /** No price: cost is 0 and the request must be flagged, never silently billed as free. */
      readonly priced: false;
      readonly costMicroUsd: 0;
      readonly family: string | null;
      readonly pricingVersion: string | null;
      readonly unpricedReason: UnpricedReason;
    };

/** Costs a request from a `PriceCatalog.priceFor` result; unpriced models cost 0 with a flag. */
export function costFor(usage: BillableUsage, lookup: PriceLookup): RequestCost {
  if (!lookup.priced) {
    return {
      priced: false,
      costMicroUsd: 0,
      family: lookup.family,
      pricingVersion: lookup.version,
      unpricedReason: lookup.reason,
    };
  }
  return {
    priced: true,
    costMicroUsd: costOf(usage, lookup.price),
    family: lookup.family,
    pricingVersion: lookup.version,
  };
}

function count(value: number): number {
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** Exact ceiling division: `%` and the division of a multiple are both exact for safe integers. */
function ceilPicoToMicro(pico: number): number {
  const remainder = pico % PICO_PER_MICRO;
  const whole = (pico - remainder) / PICO_PER_MICRO;
  return remainder === 0 ? whole : whole + 1;
}

function costOfBig(usage: BillableUsage, price: ModelPrice, tokens: TokenPrices): number {
  const term = (quantity: number, unitPrice: number, scale = 1n): bigint =>
    BigInt(count(quantity)) * BigInt(unitPrice) * scale;
  const perRequest = BigInt(PICO_PER_1K_MICRO_PER_REQUEST);
  const pico =
    term(usage.inputTokens, tokens.inputMicroUsdPerMTok) +
    term(usage.outputTokens, tokens.outputMicroUsdPerMTok) +
    term(usage.cacheCreation5mInputTokens, tokens.cacheWrite5mMicroUsdPerMTok) +
    term(usage.cacheCreation1hInputTokens, tokens.cacheWrite1hMicroUsdPerMTok) +
    term(usage.cacheReadInputTokens, tokens.cacheReadMicroUsdPerMTok) +
    term(usage.webSearchRequests, price.webSearchMicroUsdPer1kRequests, perRequest) +
    term(usage.webFetchRequests, price.webFetchMicroUsdPer1kRequests, perRequest);
  const micro = (pico + PICO_PER_MICRO_BIG - 1n) / PICO_PER_MICRO_BIG;
  return micro > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(micro);
}
