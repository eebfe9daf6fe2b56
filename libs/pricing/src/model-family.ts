/**
 * Maps the many spellings of one Claude model to a canonical family id, the key of a price table.
 *
 * The same model reaches the gateway as an Anthropic id (`claude-sonnet-4-5-20250929`), an alias
 * (`claude-sonnet-4-5`, `claude-3-7-sonnet-latest`, `claude-opus-4-0`), a Bedrock model id
 * (`anthropic.claude-sonnet-4-5-20250929-v1:0`), a Bedrock cross-region inference profile
 * (`us.anthropic.…`, `global.anthropic.…`), a Bedrock ARN (`arn:aws:bedrock:…:inference-profile/…`)
 * or a Vertex id (`claude-sonnet-4-5@20250929`, optionally as a `publishers/anthropic/models/…`
 * path). All of them are priced the same, so they all normalise to the dated-suffix-free Anthropic
 * id, which is the family: `claude-sonnet-4-5`.
 *
 * Bedrock application inference profile ARNs are opaque (`…:application-inference-profile/a1b2c3`)
 * and cannot be recognised from their text; operators map those with explicit aliases.
 */

/** Anthropic aliases that name the same family as a shorter id. */
const SYNONYMS: Readonly<Record<string, string>> = {
  'claude-opus-4-0': 'claude-opus-4',
  'claude-sonnet-4-0': 'claude-sonnet-4',
};

/** Bedrock's `-v1:0` / `-v2:0` / `-v1:0:200k` version tail. */
const BEDROCK_VERSION_SUFFIX = /-v\d+(?::[0-9a-z]+)*$/;
/** Anthropic's snapshot date, `-20250929`. */
const DATE_SUFFIX = /-\d{8}$/;
/** Claude Code's context-window marker, `claude-sonnet-4-5[1m]`. */
const BRACKET_SUFFIX = /\[[^\]]*\]$/;

/**
 * Normalises a model id to its canonical family id, or returns null when the text is not a Claude
 * model id at all. Pure and deterministic; callers on the hot path should use the cached lookup in
 * `PriceCatalog` rather than calling this per request.
 */
export function canonicalModelFamily(modelId: string): string | null {
  let id = modelId.trim().toLowerCase();
  // ARNs and Vertex resource paths: the model is the last path segment.
  const slash = id.lastIndexOf('/');
  if (slash >= 0) id = id.slice(slash + 1);
  // Bedrock ids and inference profiles: everything before `anthropic.` is a region/geo prefix.
  const provider = id.indexOf('anthropic.');
  if (provider >= 0) id = id.slice(provider + 'anthropic.'.length);
  // Vertex ids carry the snapshot after `@`.
  const at = id.indexOf('@');
  if (at >= 0) id = id.slice(0, at);
  id = id.replace(BRACKET_SUFFIX, '').replace(BEDROCK_VERSION_SUFFIX, '').replace(DATE_SUFFIX, '');
  if (id.endsWith('-latest')) id = id.slice(0, -'-latest'.length);
  id = SYNONYMS[id] ?? id;
  return /^claude-[a-z0-9][a-z0-9.-]*$/.test(id) ? id : null;
}

/** True when `id` is already canonical: a price table key must be, or it could never match. */
export function isCanonicalModelFamily(id: string): boolean {
  return canonicalModelFamily(id) === id;
}
