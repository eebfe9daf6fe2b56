import { z } from 'zod';

const count = z.number().int().nonnegative();

/** Token counts as Claude Code sums them over the main conversation's API responses. */
export const claudeCodeUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
});

/**
 * The final object `claude -p --output-format json` prints. Loose on purpose: Claude Code adds
 * fields often; tests rely only on these.
 */
export const claudeCodeResultSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  num_turns: count,
  session_id: z.string(),
  result: z.string().optional(),
  total_cost_usd: z.number().optional(),
  usage: claudeCodeUsageSchema.optional(),
  permission_denials: z.array(z.unknown()).optional(),
});

export type ClaudeCodeUsage = z.infer<typeof claudeCodeUsageSchema>;
export type ClaudeCodeResult = z.infer<typeof claudeCodeResultSchema>;

/**
 * Finds the result object in stdout. Claude Code prints one JSON document, but a crash or a
 * warning can add lines, so the last line that parses as a result wins. Null when none does.
 */
export function parseClaudeCodeResult(stdout: string): ClaudeCodeResult | null {
  const lines = stdout.split('\n').filter((line) => line.trim().startsWith('{'));
  for (const line of lines.reverse()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = claudeCodeResultSchema.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  return null;
}
