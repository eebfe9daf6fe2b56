import type { RequestCompletedV1 } from '@gatehouse/contracts';

/** Token counts in the shape of `usage` in Claude Code's `--output-format json` result. */
export interface ClientUsageTotals {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Sums the proxy's usage events the way Claude Code sums its responses, so the two can be compared
 * field by field: the proxy keeps the 5-minute and 1-hour cache writes apart, Claude Code reports
 * their sum as `cache_creation_input_tokens`.
 */
export function usageTotalsOf(events: readonly RequestCompletedV1[]): ClientUsageTotals {
  const totals: ClientUsageTotals = {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  for (const { usage } of events) {
    totals.input_tokens += usage.inputTokens;
    totals.output_tokens += usage.outputTokens;
    totals.cache_creation_input_tokens +=
      usage.cacheCreation5mInputTokens + usage.cacheCreation1hInputTokens;
    totals.cache_read_input_tokens += usage.cacheReadInputTokens;
  }
  return totals;
}

/** The four token counts of Claude Code's result, without the extra fields it adds over time. */
export function clientUsageTotals(
  usage: ClientUsageTotals | undefined,
): ClientUsageTotals | undefined {
  if (usage === undefined) return undefined;
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
  };
}
