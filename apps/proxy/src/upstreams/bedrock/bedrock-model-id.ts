/**
 * Bedrock model identifiers: foundation-model ids (`anthropic.claude-sonnet-4-5-20250929-v1:0`),
 * cross-region inference profiles (`us.anthropic.…`, `global.anthropic.…`) and ARNs (foundation
 * models, inference profiles, application inference profiles, provisioned throughput).
 */

/** Geography prefixes of Bedrock's system-defined cross-region inference profiles. */
const CROSS_REGION_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\.(?=anthropic\.)/;
const FOUNDATION_MODEL_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:foundation-model\/(.+)$/;

/**
 * The foundation-model id CountTokens accepts for a model, or null when there is none to derive:
 * CountTokens takes foundation models only. A cross-region profile counts like the foundation
 * model it routes to (tokenisation does not depend on the region), so its prefix is dropped; an
 * application inference profile or provisioned-throughput ARN hides which model it serves.
 */
export function countTokensModelId(modelId: string): string | null {
  const arn = FOUNDATION_MODEL_ARN.exec(modelId);
  if (arn) return arn[1];
  if (modelId.startsWith('arn:')) return null;
  return modelId.replace(CROSS_REGION_PREFIX, '');
}

/** `/model/{id}/{action}` with the id percent-encoded as one segment (ARNs contain `/` and `:`). */
export function modelPath(modelId: string, action: string): string {
  return `/model/${encodeURIComponent(modelId)}/${action}`;
}
