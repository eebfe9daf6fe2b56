import { canonicalJson } from './canonical-json';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value';

/**
 * Lists whose entries from every layer are kept (union, first appearance first, duplicates
 * removed). Two kinds qualify:
 * - restrictive lists — a later layer must never drop a denial an earlier one made
 *   (`permissions.deny`, `permissions.ask`, `deniedMcpServers`, `disabledMcpjsonServers`);
 * - grants and hooks, which are additive like roles — Claude Code itself concatenates these
 *   across its settings scopes and evaluates deny before ask before allow, so a union of `allow`
 *   can never undo a `deny` (`permissions.allow`, `permissions.additionalDirectories`,
 *   `hooks.<event>`, `companyAnnouncements`).
 * Every other list — bounding allow-lists such as `availableModels` and `allowedMcpServers`, and
 * lists of keys this module does not know — is replaced as a whole by a later layer, so the
 * layer that applies last states the complete list for its audience. `*` matches any one key.
 */
export const UNION_LIST_PATHS: readonly string[] = Object.freeze([
  'permissions.deny',
  'permissions.ask',
  'permissions.allow',
  'permissions.additionalDirectories',
  'deniedMcpServers',
  'disabledMcpjsonServers',
  'companyAnnouncements',
  'hooks.*',
]);

const UNION_PATTERNS = UNION_LIST_PATHS.map((pattern) => pattern.split('.'));

/**
 * Merges settings documents in order: objects deep-merge key by key, scalars and replaced lists
 * take the later layer's value, union lists (UNION_LIST_PATHS) keep every layer's entries. The
 * result depends only on the documents and their order, and the inputs are never modified.
 */
export function mergeSettings(layers: readonly JsonObject[]): JsonObject {
  let merged: JsonObject = {};
  for (const layer of layers) merged = mergeObjects(merged, layer, []);
  return merged;
}

function mergeObjects(base: JsonObject, over: JsonObject, path: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(base)) result[key] = value;
  for (const [key, value] of Object.entries(over)) {
    const childPath = [...path, key];
    result[key] = Object.hasOwn(base, key)
      ? mergeValues(base[key], value, childPath)
      : copyOf(value);
  }
  return result;
}

function mergeValues(base: JsonValue, over: JsonValue, path: readonly string[]): JsonValue {
  if (Array.isArray(base) && Array.isArray(over) && isUnionPath(path)) return union(base, over);
  if (isJsonObject(base) && isJsonObject(over)) return mergeObjects(base, over, path);
  return copyOf(over);
}

function isUnionPath(path: readonly string[]): boolean {
  return UNION_PATTERNS.some(
    (pattern) =>
      pattern.length === path.length &&
      pattern.every((segment, index) => segment === '*' || segment === path[index]),
  );
}

/** Entries of both lists, each once (compared by canonical JSON, so objects match by content). */
function union(first: readonly JsonValue[], second: readonly JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  const result: JsonValue[] = [];
  for (const item of [...first, ...second]) {
    const key = canonicalJson(item);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(copyOf(item));
  }
  return result;
}

/** A deep copy, so the merged document shares no object with a stored policy. */
function copyOf(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(copyOf);
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) copy[key] = copyOf(item);
    return copy;
  }
  return value;
}
