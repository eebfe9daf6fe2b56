import { type CompiledBetaRules, dropRuleFields, keptBetas } from '../anthropic/beta-field-rules';
import type { UpstreamCall } from '../upstream-adapter';

export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/**
 * Vertex's rawPredict body: the Messages API body with Vertex's `anthropic_version`, the model
 * in the path instead of the body, and request tags left out. `stream` stays: it is what makes
 * streamRawPredict answer in SSE. Token counting names the model in the body, because its path
 * is the fixed `count-tokens` pseudo-model.
 */
export function vertexBodyBytes(call: UpstreamCall, rules: CompiledBetaRules): Buffer {
  const body: Record<string, unknown> = { ...call.body };
  dropRuleFields(body, rules);
  if (call.operation === 'count_tokens') body.model = call.upstreamModel;
  else delete body.model;
  body.anthropic_version = VERTEX_ANTHROPIC_VERSION;
  return Buffer.from(JSON.stringify(body));
}

/** The client's betas minus the ones Vertex rejects; Vertex reads them from the header. */
export function vertexBetaHeader(call: UpstreamCall, rules: CompiledBetaRules): string | undefined {
  const betas = keptBetas(call.headers['anthropic-beta'], rules);
  return betas.length > 0 ? betas.join(',') : undefined;
}
