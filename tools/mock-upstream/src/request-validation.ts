import type { MessagesRequest } from './api-types';

export type Validation = { ok: true; request: MessagesRequest } | { ok: false; message: string };

export interface ValidationRules {
  /** Model from the URL (Bedrock, Vertex); when absent the body must name one. */
  pathModel?: string;
  /** count_tokens does not take max_tokens. */
  requireMaxTokens: boolean;
  /** Betas from the `anthropic-beta` header (Bedrock and Vertex send them as `anthropic_beta` in the body). */
  betas?: readonly string[];
}

/**
 * Betas under which the API takes `role: "system"` messages inside `messages` (Claude Code 2.1.3xx
 * sends its environment block that way and, on a 400, retries without these betas).
 */
export const SYSTEM_MESSAGE_BETAS: readonly string[] = [
  'per-turn-control-2026-07-01',
  'mid-conversation-tool-changes-2026-07-01',
];

/** Splits `anthropic-beta` values (comma separated, possibly repeated) into beta names. */
export function parseBetaHeader(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((entry) => entry.split(',').map((beta) => beta.trim())).filter(Boolean);
}

function requestBetas(value: Record<string, unknown>, rules: ValidationRules): string[] {
  const inBody = Array.isArray(value.anthropic_beta)
    ? value.anthropic_beta.filter((beta): beta is string => typeof beta === 'string')
    : [];
  return [...(rules.betas ?? []), ...inBody];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks the fields the mock relies on, with the API's wording for the common mistakes. It is
 * deliberately shallow: the mock must accept everything Claude Code sends, including fields it
 * does not understand.
 */
export function validateMessagesBody(value: unknown, rules: ValidationRules): Validation {
  if (!isObject(value)) return { ok: false, message: 'Request body must be a JSON object' };
  const model = rules.pathModel ?? value.model;
  if (typeof model !== 'string' || model === '')
    return { ok: false, message: 'model: Field required' };
  if (!Array.isArray(value.messages)) return { ok: false, message: 'messages: Field required' };
  const systemAllowed = requestBetas(value, rules).some((beta) =>
    SYSTEM_MESSAGE_BETAS.includes(beta),
  );
  for (const [index, message] of value.messages.entries()) {
    const roleOk =
      isObject(message) &&
      (message.role === 'user' ||
        message.role === 'assistant' ||
        (systemAllowed && message.role === 'system'));
    if (!roleOk) {
      return {
        ok: false,
        message: `messages.${index}.role: Input should be 'user' or 'assistant'`,
      };
    }
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
      return { ok: false, message: `messages.${index}.content: Field required` };
    }
  }
  let maxTokens = 1;
  if (rules.requireMaxTokens) {
    if (value.max_tokens === undefined) return { ok: false, message: 'max_tokens: Field required' };
    if (!Number.isInteger(value.max_tokens) || (value.max_tokens as number) < 1) {
      return { ok: false, message: 'max_tokens: Input should be greater than or equal to 1' };
    }
    maxTokens = value.max_tokens as number;
  }
  if (value.tools !== undefined && !Array.isArray(value.tools))
    return { ok: false, message: 'tools: Input should be a valid list' };
  const request = { ...value, model, max_tokens: maxTokens } as unknown as MessagesRequest;
  return { ok: true, request };
}
