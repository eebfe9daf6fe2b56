import { headerTokens } from './header-values';

/**
 * A beta an upstream does not accept, together with the top-level body fields that only make
 * sense with it. Cloud upstreams reject both the beta value and its fields, so the rule removes
 * them together — the fields even when the client did not send the beta, because the client
 * may send the field alone.
 */
export interface BetaFieldRule {
  readonly beta: string;
  readonly bodyFields: readonly string[];
}

/**
 * The Anthropic API's request tags (`"tags": {…}` + `request-tags-2026-08-21`). They label usage
 * and do not change the reply; Bedrock, Bedrock Mantle and Vertex reject them, so the gateway
 * leaves them out before those upstreams (the gateway reads the billing group tag earlier).
 */
export const REQUEST_TAGS_RULE: BetaFieldRule = {
  beta: 'request-tags-2026-08-21',
  bodyFields: ['tags'],
};

/** Precomputed form of a rule table, built once per adapter. */
export interface CompiledBetaRules {
  readonly droppedBetas: ReadonlySet<string>;
  readonly droppedFields: readonly string[];
}

export function compileBetaRules(rules: readonly BetaFieldRule[]): CompiledBetaRules {
  return {
    droppedBetas: new Set(rules.map((rule) => rule.beta)),
    droppedFields: [...new Set(rules.flatMap((rule) => rule.bodyFields))],
  };
}

/** The client's `anthropic-beta` values without the ones the rules drop, in the client's order. */
export function keptBetas(
  header: string | readonly string[] | undefined,
  rules: CompiledBetaRules,
): string[] {
  return headerTokens(header).filter((beta) => !rules.droppedBetas.has(beta));
}

/** Deletes the rules' body fields from a body copy the adapter owns. */
export function dropRuleFields(body: Record<string, unknown>, rules: CompiledBetaRules): void {
  for (const field of rules.droppedFields) delete body[field];
}
