import type {
  ContentBlock,
  JsonSchema,
  MessagesRequest,
  RequestBlock,
  StopReason,
} from './api-types';
import { newToolUseId } from './ids';
import { sampleFromSchema } from './schema-sample';
import { DEFAULT_WHEN, type Script, type ScriptReply, type ScriptWhen } from './script';
import { CHARS_PER_TOKEN, tokensForText } from './tokens';

export interface ConversationOptions {
  /** Case-insensitive phrase in the user's text that makes the mock call a tool. */
  toolTrigger: string;
  /** Tool used for the trigger phrase when offered; otherwise the first offered tool. */
  defaultToolName?: string;
  script?: Script;
}

export interface PlannedReply {
  content: ContentBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  outputTokens: number;
}

const TOOL_MARKER = /MOCK_TOOL:([A-Za-z0-9_-]+):([^\n]*)/;
const ECHO_CHARS = 40;
const FILLER_WORD = ' lorem';

/**
 * Decides what the mock model answers. Rules, in order:
 * 1. the next script turn, when a script is loaded and the request matches its filter;
 * 2. a structured-output request gets JSON built from its schema;
 * 3. a last user message carrying a `tool_result` gets a short final text ("Done. …");
 * 4. when tools are offered, `MOCK_TOOL:<Name>:<json>` or the trigger phrase gets a `tool_use`;
 * 5. otherwise a text echoing the start of the user's last text.
 * `max_tokens` and `stop_sequences` then cut the reply as the API would.
 */
export class ConversationEngine {
  private scriptCursor = 0;

  constructor(private readonly options: ConversationOptions) {}

  reset(): void {
    this.scriptCursor = 0;
  }

  reply(request: MessagesRequest, outputTokens?: number): PlannedReply {
    const chosen = this.fromScript(request) ?? defaultReply(request, this.options);
    const content = outputTokens === undefined ? chosen : padText(chosen, outputTokens);
    return limitReply(content, request);
  }

  private fromScript(request: MessagesRequest): ContentBlock[] | undefined {
    const script = this.options.script;
    if (!script || script.turns.length === 0) return undefined;
    if (this.scriptCursor >= script.turns.length) {
      if (script.afterLast !== 'cycle') return undefined;
      this.scriptCursor = 0;
    }
    const turn = script.turns[this.scriptCursor];
    if (!matches(turn.when ?? DEFAULT_WHEN, request)) return undefined;
    this.scriptCursor++;
    return scriptedContent(turn.reply);
  }
}

function matches(when: ScriptWhen, request: MessagesRequest): boolean {
  const hasTools = (request.tools?.length ?? 0) > 0;
  if (when.hasTools !== undefined && when.hasTools !== hasTools) return false;
  if (when.model !== undefined && !request.model.includes(when.model)) return false;
  if (when.userTextIncludes !== undefined && !lastUserText(request).includes(when.userTextIncludes))
    return false;
  return true;
}

function scriptedContent(reply: ScriptReply): ContentBlock[] {
  const content: ContentBlock[] = [];
  if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
  if (reply.toolUse)
    content.push({
      type: 'tool_use',
      id: newToolUseId(),
      name: reply.toolUse.name,
      input: reply.toolUse.input,
    });
  return content;
}

function defaultReply(request: MessagesRequest, options: ConversationOptions): ContentBlock[] {
  const schema = structuredOutputSchema(request);
  if (schema) return [{ type: 'text', text: JSON.stringify(sampleFromSchema(schema)) }];

  const lastUser = lastUserMessageBlocks(request);
  const toolResult = lastUser.find((block) => block.type === 'tool_result');
  if (toolResult)
    return [
      {
        type: 'text',
        text: `Done. Tool result: ${truncate(resultText(toolResult.content), ECHO_CHARS)}`,
      },
    ];

  const text = lastUserText(request);
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    const marker = TOOL_MARKER.exec(text);
    if (marker) return markerToolUse(request, marker[1], marker[2]);
    if (text.toLowerCase().includes(options.toolTrigger.toLowerCase())) {
      const tool =
        tools.find((candidate) => candidate.name === options.defaultToolName) ?? tools[0];
      const input = sampleFromSchema(tool.input_schema) as Record<string, unknown>;
      return [
        { type: 'text', text: `Using ${tool.name}.` },
        { type: 'tool_use', id: newToolUseId(), name: tool.name, input },
      ];
    }
  }
  const echo = truncate(lastTextBlock(request).trim(), ECHO_CHARS);
  return [{ type: 'text', text: echo ? `Mock reply to: ${echo}` : 'Mock reply.' }];
}

function markerToolUse(request: MessagesRequest, name: string, rawInput: string): ContentBlock[] {
  if (!request.tools?.some((tool) => tool.name === name)) {
    return [{ type: 'text', text: `Mock cannot call ${name}: the request does not offer it.` }];
  }
  const input = parseToolInput(rawInput);
  if (!input)
    return [{ type: 'text', text: `Mock cannot call ${name}: its input is not a JSON object.` }];
  return [{ type: 'tool_use', id: newToolUseId(), name, input }];
}

// The marker's JSON runs to the end of its line; trailing prose after the closing brace is cut.
function parseToolInput(raw: string): Record<string, unknown> | undefined {
  const end = raw.lastIndexOf('}');
  if (end < 0) return undefined;
  try {
    const value: unknown = JSON.parse(raw.slice(0, end + 1));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function structuredOutputSchema(request: MessagesRequest): JsonSchema | undefined {
  const format = request.output_config?.format ?? request.output_format;
  return format?.type === 'json_schema' ? format.schema : undefined;
}

function lastUserMessageBlocks(request: MessagesRequest): RequestBlock[] {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message.role !== 'user') continue;
    return typeof message.content === 'string'
      ? [{ type: 'text', text: message.content }]
      : message.content;
  }
  return [];
}

export function lastUserText(request: MessagesRequest): string {
  return lastUserMessageBlocks(request)
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text)
    .join('\n');
}

// Claude Code puts <system-reminder> blocks before the prompt, so the echo uses the last text block.
function lastTextBlock(request: MessagesRequest): string {
  const texts = lastUserMessageBlocks(request).filter(
    (block) => block.type === 'text' && typeof block.text === 'string',
  );
  return texts.length > 0 ? (texts[texts.length - 1].text ?? '') : '';
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: unknown) =>
      block && typeof block === 'object' && 'text' in block && typeof block.text === 'string'
        ? block.text
        : '',
    )
    .join(' ');
}

const truncate = (text: string, max: number): string =>
  text.length > max ? text.slice(0, max) : text;

let filler = FILLER_WORD.repeat(1024);

// Pads or cuts the text so the reply is exactly `tokens` long; tool calls are left alone.
function padText(content: ContentBlock[], tokens: number): ContentBlock[] {
  if (content.some((block) => block.type === 'tool_use')) return content;
  const base = content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const chars = Math.max(1, tokens) * CHARS_PER_TOKEN;
  while (base.length + filler.length < chars) filler += filler;
  return [{ type: 'text', text: (base + filler).slice(0, chars) }];
}

export function outputTokensOf(content: ContentBlock[]): number {
  let tokens = 0;
  for (const block of content) {
    tokens +=
      block.type === 'text'
        ? tokensForText(block.text)
        : tokensForText(block.name + JSON.stringify(block.input));
  }
  return Math.max(1, tokens);
}

function limitReply(content: ContentBlock[], request: MessagesRequest): PlannedReply {
  const stopped = applyStopSequences(content, request.stop_sequences);
  if (stopped) return stopped;
  const tokens = outputTokensOf(content);
  if (tokens <= request.max_tokens) {
    const stopReason = content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
    return { content, stopReason, stopSequence: null, outputTokens: tokens };
  }
  // Over the limit the API stops mid-reply; a half-written tool call would not be usable, so the
  // mock keeps only text, cut to the limit.
  const text = content
    .map((block) => (block.type === 'text' ? block.text : JSON.stringify(block.input)))
    .join('');
  const cut = text.slice(0, request.max_tokens * CHARS_PER_TOKEN);
  return {
    content: [{ type: 'text', text: cut }],
    stopReason: 'max_tokens',
    stopSequence: null,
    outputTokens: request.max_tokens,
  };
}

function applyStopSequences(
  content: ContentBlock[],
  sequences: string[] | undefined,
): PlannedReply | undefined {
  if (!sequences || sequences.length === 0 || content.length !== 1 || content[0].type !== 'text')
    return undefined;
  const text = content[0].text;
  let best: { index: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const index = sequence ? text.indexOf(sequence) : -1;
    if (index >= 0 && (!best || index < best.index)) best = { index, sequence };
  }
  if (!best) return undefined;
  const cut: ContentBlock[] = [{ type: 'text', text: text.slice(0, best.index) }];
  return {
    content: cut,
    stopReason: 'stop_sequence',
    stopSequence: best.sequence,
    outputTokens: outputTokensOf(cut),
  };
}
