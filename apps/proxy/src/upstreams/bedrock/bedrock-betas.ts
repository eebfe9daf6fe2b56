import { type BetaFieldRule, REQUEST_TAGS_RULE } from '../anthropic/beta-field-rules';

/**
 * Which `anthropic-beta` values may reach Bedrock. Bedrock answers `400 invalid beta flag` for a
 * value it does not know, and Claude Code sends betas Bedrock lacks (MCP servers, structured
 * outputs, prompt-caching scope …), so this is an allowlist: a beta not listed here is left out
 * rather than failing the request. Sources: the Bedrock user guide's Claude Messages API page
 * and the betas Claude Code itself sends when it talks to Bedrock directly. An endpoint can
 * extend it from configuration (`extraBetas`) when Bedrock adds one before this list does.
 */
export const BEDROCK_SUPPORTED_BETAS: readonly string[] = [
  'claude-code-20250219',
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'computer-use-2025-11-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
  'compact-2026-01-12',
];

/**
 * The betas Claude Code sends Bedrock on a token count. CountTokens is stricter than invoke, so
 * a count carries only these (the protocol reference names `claude-code-20250219`).
 */
export const BEDROCK_COUNT_TOKENS_BETAS: readonly string[] = [
  'claude-code-20250219',
  'interleaved-thinking-2025-05-14',
  'context-1m-2025-08-07',
];

/**
 * Betas Bedrock rejects together with the body fields that belong to them. Both are removed,
 * the fields even without the beta.
 */
export const BEDROCK_BETA_FIELD_RULES: readonly BetaFieldRule[] = [REQUEST_TAGS_RULE];
