import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MockUpstreamError, MockUpstreamErrorCode } from './errors';

// A script is an ordered list of turns (env MOCK_SCRIPT points at the JSON file). Each request
// that matches the next turn's `when` filter consumes it; other requests fall through to the
// default conversation rules. Without `when`, a turn only matches requests that offer tools, which
// is how Claude Code's main loop differs from its side requests (titles, quota checks), so those
// side requests do not eat the script. `"when": {}` matches every request.
const whenSchema = z.strictObject({
  hasTools: z.boolean().optional(),
  model: z.string().optional(),
  userTextIncludes: z.string().optional(),
});

const replySchema = z
  .strictObject({
    text: z.string().optional(),
    toolUse: z
      .strictObject({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) })
      .optional(),
  })
  .refine((reply) => reply.text !== undefined || reply.toolUse !== undefined, {
    message: 'a reply needs text, toolUse or both',
  });

const turnSchema = z.strictObject({ when: whenSchema.optional(), reply: replySchema });

const scriptSchema = z.union([
  z.array(turnSchema),
  z.strictObject({
    turns: z.array(turnSchema),
    /** What happens once every turn is used: fall back to the default rules, or start again. */
    afterLast: z.enum(['default', 'cycle']).optional(),
  }),
]);

export type ScriptTurn = z.infer<typeof turnSchema>;
export type ScriptWhen = z.infer<typeof whenSchema>;
export type ScriptReply = z.infer<typeof replySchema>;

export interface Script {
  turns: ScriptTurn[];
  afterLast: 'default' | 'cycle';
}

export function parseScript(value: unknown): Script {
  const parsed = scriptSchema.safeParse(value);
  if (!parsed.success)
    throw new MockUpstreamError(MockUpstreamErrorCode.InvalidScript, z.prettifyError(parsed.error));
  const doc = parsed.data;
  return Array.isArray(doc)
    ? { turns: doc, afterLast: 'default' }
    : { turns: doc.turns, afterLast: doc.afterLast ?? 'default' };
}

export function loadScriptFile(path: string): Script {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MockUpstreamError(
      MockUpstreamErrorCode.InvalidScript,
      `${path}: ${(error as Error).message}`,
    );
  }
  return parseScript(raw);
}

export const DEFAULT_WHEN: ScriptWhen = { hasTools: true };
