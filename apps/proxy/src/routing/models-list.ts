import type { ModelInfo } from './routing-config.schema';

/** Used for models the routing file names without a release date. */
const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

/**
 * The `/v1/models` answer in the Anthropic list shape, built once at startup: the models of the
 * `models` section, then any other model routed by exact id. Pattern routes (`claude-*`) list
 * nothing by themselves: a pattern is not a model a client can pick from a list.
 */
export function buildModelsList(models: readonly ModelInfo[], exactIds: readonly string[]): { ids: string[]; body: Buffer } {
  const entries = new Map<string, ModelInfo>();
  for (const model of models) entries.set(model.id, model);
  for (const id of exactIds) if (!entries.has(id)) entries.set(id, { id, displayName: id });
  const data = [...entries.values()].map((model) => ({
    type: 'model',
    id: model.id,
    display_name: model.displayName,
    created_at: model.createdAt ?? UNKNOWN_DATE,
  }));
  const ids = data.map((entry) => entry.id);
  const body = { data, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null };
  return { ids, body: Buffer.from(JSON.stringify(body)) };
}
