/**
 * Token prices of one model family (or of one of its prompt-length tiers), as integers so every
 * cost computed from them is exact.
 *
 * Token prices are micro-dollars (1e-6 USD) per million tokens: $3 / MTok is 3_000_000. Every
 * published Anthropic price is a whole number of micro-dollars per MTok, so nothing is lost.
 */
export interface TokenPrices {
  readonly inputMicroUsdPerMTok: number;
  readonly outputMicroUsdPerMTok: number;
  /** Writes to the default 5-minute prompt cache (1.25x input on Anthropic's list). */
  readonly cacheWrite5mMicroUsdPerMTok: number;
  /** Writes to the 1-hour prompt cache (2x input on Anthropic's list). */
  readonly cacheWrite1hMicroUsdPerMTok: number;
  /** Cache hits and refreshes (0.1x input on Anthropic's list, less on some models). */
  readonly cacheReadMicroUsdPerMTok: number;
}

/**
 * Prices of one model family. Server tools are priced per 1,000 requests (web search is $10 per
 * 1,000 searches). A model priced by prompt length has `longPrompt`: a request whose prompt
 * (input, cache reads and cache writes together) is longer than `abovePromptTokens` pays its
 * prices for all of its tokens, output included.
 */
export interface ModelPrice extends TokenPrices {
  readonly webSearchMicroUsdPer1kRequests: number;
  readonly webFetchMicroUsdPer1kRequests: number;
  readonly longPrompt?: { readonly abovePromptTokens: number; readonly prices: TokenPrices };
}

export const MICRO_USD_PER_USD = 1_000_000;

/**
 * Converts a decimal dollar amount from a price file to whole micro-dollars, or returns null when
 * the amount has more precision than a micro-dollar (e.g. `0.0000001`), which would make costs
 * inexact. Binary floats cannot hold `0.3` exactly, so a tiny tolerance absorbs that noise.
 */
export function usdToMicroUsd(usd: number): number | null {
  const scaled = usd * MICRO_USD_PER_USD;
  const rounded = Math.round(scaled);
  if (!Number.isSafeInteger(rounded) || Math.abs(scaled - rounded) > 1e-4) return null;
  return rounded;
}

/** Formats micro-dollars as a dollar string for messages and docs, e.g. `10500` → `$0.010500`. */
export function formatMicroUsd(microUsd: number): string {
  const sign = microUsd < 0 ? '-' : '';
  const abs = Math.abs(microUsd);
  const dollars = Math.floor(abs / MICRO_USD_PER_USD);
  const fraction = String(abs % MICRO_USD_PER_USD).padStart(6, '0');
  return `${sign}$${dollars}.${fraction}`;
}
