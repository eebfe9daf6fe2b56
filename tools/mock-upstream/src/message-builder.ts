import type { MessageResponse, StreamEvent, Usage } from './api-types';
import type { PlannedReply } from './conversation';
import { CHARS_PER_TOKEN, type InputUsage } from './tokens';

export interface MessageParts {
  id: string;
  model: string;
  reply: PlannedReply;
  input: InputUsage;
}

export function buildUsage(input: InputUsage, outputTokens: number): Usage {
  return {
    input_tokens: input.input_tokens,
    cache_creation_input_tokens: input.cache_creation_input_tokens,
    cache_read_input_tokens: input.cache_read_input_tokens,
    cache_creation: { ...input.cache_creation },
    output_tokens: outputTokens,
    server_tool_use: { web_search_requests: 0 },
    service_tier: 'standard',
  };
}

export function buildMessage(parts: MessageParts): MessageResponse {
  return {
    id: parts.id,
    type: 'message',
    role: 'assistant',
    model: parts.model,
    content: parts.reply.content,
    stop_reason: parts.reply.stopReason,
    stop_sequence: parts.reply.stopSequence,
    usage: buildUsage(parts.input, parts.reply.outputTokens),
  };
}

/** One stream event plus whether the token-rate pause comes before it. */
export interface StreamStep {
  event: StreamEvent;
  paced: boolean;
  /** The first content delta also waits for the first-token delay. */
  firstDelta: boolean;
}

function chunk(text: string, size: number): string[] {
  if (text.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * The event sequence the Messages API streams for a reply: message_start (empty content, input
 * usage, output_tokens 1), then per block content_block_start / deltas / content_block_stop, then
 * message_delta (stop reason and cumulative usage) and message_stop. Like the API, a `ping`
 * follows the first content_block_start; `withPing: false` leaves it out for Bedrock.
 */
export function buildStreamSteps(
  parts: MessageParts,
  chunkTokens: number,
  withPing: boolean,
): StreamStep[] {
  const steps: StreamStep[] = [];
  const add = (event: StreamEvent, paced = false): void => {
    steps.push({ event, paced, firstDelta: false });
  };
  const { input, reply } = parts;
  add({
    type: 'message_start',
    message: {
      id: parts.id,
      type: 'message',
      role: 'assistant',
      model: parts.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...buildUsage(input, 1), server_tool_use: undefined },
    },
  });
  const chunkChars = Math.max(1, chunkTokens) * CHARS_PER_TOKEN;
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      add({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      if (index === 0 && withPing) add({ type: 'ping' });
      for (const text of chunk(block.text, chunkChars))
        add({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, true);
    } else {
      add({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      if (index === 0 && withPing) add({ type: 'ping' });
      add({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: '' },
      });
      for (const partial_json of chunk(JSON.stringify(block.input), chunkChars)) {
        add(
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } },
          true,
        );
      }
    }
    add({ type: 'content_block_stop', index });
  });
  add({
    type: 'message_delta',
    delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence },
    usage: {
      input_tokens: input.input_tokens,
      cache_creation_input_tokens: input.cache_creation_input_tokens,
      cache_read_input_tokens: input.cache_read_input_tokens,
      output_tokens: reply.outputTokens,
    },
  });
  add({ type: 'message_stop' });
  const first = steps.find((step) => step.event.type === 'content_block_delta');
  if (first) first.firstDelta = true;
  return steps;
}
