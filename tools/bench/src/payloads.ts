/** Request bodies the scenarios send; the same bytes go to every target. */

export const SMALL_MODEL = 'claude-haiku-4-5';
export const STREAM_MODEL = 'claude-sonnet-4-5';
export const HOLD_MODEL = 'claude-opus-4-5';

export function smallBody(model: string = SMALL_MODEL): string {
  return JSON.stringify({
    model,
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Reply with one short sentence.' }],
  });
}

const FILLER =
  'The repository uses Nx with TypeScript strict mode; services talk over Kafka and store rows in PostgreSQL. ';

function filler(chars: number): string {
  return FILLER.repeat(Math.ceil(chars / FILLER.length)).slice(0, chars);
}

/**
 * A streaming request shaped like one turn of Claude Code: a long system prompt with a cache
 * breakpoint, tool definitions, and a conversation with earlier tool results, padded so the
 * serialised body is `targetBytes` long (±1 byte per JSON escape, none in the filler).
 */
export function claudeCodeSizedBody(targetBytes: number, model: string = STREAM_MODEL): string {
  const build = (padding: number): string =>
    JSON.stringify({
      model,
      max_tokens: 8192,
      stream: true,
      system: [
        { type: 'text', text: 'You are Claude Code, an interactive CLI tool.' },
        { type: 'text', text: filler(padding), cache_control: { type: 'ephemeral' } },
      ],
      tools: ['Bash', 'Read', 'Edit', 'Grep'].map((name) => ({
        name,
        description: `${name} tool`,
        input_schema: { type: 'object', properties: { arg: { type: 'string' } } },
      })),
      messages: [
        { role: 'user', content: 'Find where the usage events are published.' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01', name: 'Grep', input: { arg: 'publish' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: 'apps/proxy/src/accounting' },
            { type: 'text', text: 'Now summarise that module.' },
          ],
        },
      ],
    });
  const overhead = build(0).length;
  return build(Math.max(0, targetBytes - overhead));
}
