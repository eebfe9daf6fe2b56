import { z } from 'zod';

/**
 * An amount of US dollars as an integer number of micro-dollars (1 USD = 1_000_000).
 *
 * Integers because spend is summed millions of times (budget ledger, ClickHouse rollups): binary
 * floating point drifts on such sums and two services would disagree on whether a cap was
 * crossed. A micro-dollar is fine enough: a single request's cost is rounded up to the next whole
 * micro-dollar, so the error is below $0.000001 per request and never in the user's favour.
 * Number.MAX_SAFE_INTEGER micro-dollars is about $9 billion, far above any cap.
 */
export const microUsd = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const MICRO_USD_PER_USD = 1_000_000;
