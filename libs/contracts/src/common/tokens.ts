import { z } from 'zod';

export const tokenCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * Token and server-tool counts of one request, as reported by the upstream's final usage block.
 * The kinds are kept apart because each is priced differently (cache reads are cheap, 1-hour cache
 * writes cost twice the input price) and analysts compare cache efficiency per team.
 */
export const tokenUsage = z.strictObject({
  inputTokens: tokenCount.describe('Uncached input tokens (Anthropic `input_tokens`).'),
  outputTokens: tokenCount.describe('Output tokens, including thinking tokens.'),
  cacheReadInputTokens: tokenCount.describe('Input tokens served from the prompt cache.'),
  cacheCreation5mInputTokens: tokenCount.describe(
    'Input tokens written to the 5-minute prompt cache.',
  ),
  cacheCreation1hInputTokens: tokenCount.describe(
    'Input tokens written to the 1-hour prompt cache.',
  ),
  webSearchRequests: tokenCount.describe(
    'Server-side web search tool invocations (billed per request).',
  ),
  webFetchRequests: tokenCount.describe('Server-side web fetch tool invocations.'),
});

export type TokenUsage = z.infer<typeof tokenUsage>;
