import { type RequestCompletedV1, sampleEvents } from '@gatehouse/contracts';
import { clientUsageTotals, usageTotalsOf } from './usage-totals';

const tokens = (overrides: Partial<RequestCompletedV1['usage']>): RequestCompletedV1['usage'] => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreation5mInputTokens: 0,
  cacheCreation1hInputTokens: 0,
  webSearchRequests: 0,
  webFetchRequests: 0,
  ...overrides,
});

describe('usageTotalsOf', () => {
  it("sums every kind and folds both cache-write buckets into Claude Code's one field", () => {
    const base = sampleEvents.usageRequestCompleted();
    const events: RequestCompletedV1[] = [
      {
        ...base,
        usage: tokens({ inputTokens: 3, outputTokens: 7, cacheCreation5mInputTokens: 100 }),
      },
      {
        ...base,
        usage: tokens({
          outputTokens: 5,
          cacheReadInputTokens: 100,
          cacheCreation1hInputTokens: 20,
        }),
      },
    ];
    expect(usageTotalsOf(events)).toEqual({
      input_tokens: 3,
      output_tokens: 12,
      cache_creation_input_tokens: 120,
      cache_read_input_tokens: 100,
    });
  });

  it('is all zeros for no events', () => {
    expect(usageTotalsOf([])).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});

describe('clientUsageTotals', () => {
  it('keeps only the four token counts of a Claude Code result', () => {
    const reported = {
      input_tokens: 1,
      output_tokens: 2,
      cache_creation_input_tokens: 3,
      cache_read_input_tokens: 4,
      service_tier: 'standard',
    };
    expect(clientUsageTotals(reported)).toEqual({
      input_tokens: 1,
      output_tokens: 2,
      cache_creation_input_tokens: 3,
      cache_read_input_tokens: 4,
    });
    expect(clientUsageTotals(undefined)).toBeUndefined();
  });
});
