import { isRecord } from '@gatehouse/anthropic';
import { type CompiledBetaRules, dropRuleFields, keptBetas } from '../anthropic/beta-field-rules';
import type { UpstreamCall } from '../upstream-adapter';

export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/** What the body rewrite needs, computed once per adapter. */
export interface BedrockBodyPlan {
  /** Betas allowed on invoke. */
  readonly invokeBetas: ReadonlySet<string>;
  /** Betas allowed on CountTokens. */
  readonly countBetas: ReadonlySet<string>;
  readonly rules: CompiledBetaRules;
}

/**
 * Bedrock's InvokeModel body: the Messages API body without `model` (it is in the path) and
 * `stream` (the action says it), with Bedrock's `anthropic_version`, and the betas moved from
 * the header into `anthropic_beta` because Bedrock rejects some of them in the header.
 */
export function invokeBody(call: UpstreamCall, plan: BedrockBodyPlan): Record<string, unknown> {
  return rewrite(call, plan, plan.invokeBetas);
}

export function invokeBodyBytes(call: UpstreamCall, plan: BedrockBodyPlan): Buffer {
  return Buffer.from(JSON.stringify(invokeBody(call, plan)));
}

/**
 * CountTokens takes an invoke body, base64-encoded, and is stricter than invoke: it needs a
 * `max_tokens` (a count request has none) above any thinking budget, refuses an empty `tools`
 * array and accepts only the betas Claude Code sends it on a count.
 */
export function countTokensBodyBytes(call: UpstreamCall, plan: BedrockBodyPlan): Buffer {
  const body = rewrite(call, plan, plan.countBetas);
  body.max_tokens = countMaxTokens(body);
  if (Array.isArray(body.tools) && body.tools.length === 0) delete body.tools;
  const encoded = Buffer.from(JSON.stringify(body)).toString('base64');
  return Buffer.from(JSON.stringify({ input: { invokeModel: { body: encoded } } }));
}

function rewrite(
  call: UpstreamCall,
  plan: BedrockBodyPlan,
  allowed: ReadonlySet<string>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...call.body };
  delete body.model;
  delete body.stream;
  dropRuleFields(body, plan.rules);
  body.anthropic_version = BEDROCK_ANTHROPIC_VERSION;
  const fromBody = Array.isArray(body.anthropic_beta)
    ? body.anthropic_beta.filter((beta): beta is string => typeof beta === 'string')
    : [];
  const betas = [
    ...new Set([...fromBody, ...keptBetas(call.headers['anthropic-beta'], plan.rules)]),
  ].filter((beta) => allowed.has(beta) && !plan.rules.droppedBetas.has(beta));
  if (betas.length > 0) body.anthropic_beta = betas;
  else delete body.anthropic_beta;
  return body;
}

function countMaxTokens(body: Record<string, unknown>): number {
  const requested =
    typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : 1;
  const thinking = body.thinking;
  const budget =
    isRecord(thinking) && typeof thinking.budget_tokens === 'number' ? thinking.budget_tokens : 0;
  return Math.max(requested, budget + 1);
}
