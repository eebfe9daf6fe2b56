import { readJsonFile } from '../json-file';
import { routingConfigSchema, type ModelInfo, type RoutingConfig } from './routing-config.schema';
import { RoutingError, RoutingErrorCode } from './routing-error';

/** Settings the built-in default route needs. */
export interface DefaultRoutingSettings {
  readonly anthropicBaseUrl: string;
}

/**
 * Current Claude models listed by `/v1/models` with the built-in routing (which sends every
 * `claude-*` id to the Anthropic API). A routing file lists its own.
 */
export const DEFAULT_MODELS: readonly ModelInfo[] = [
  { id: 'claude-opus-4-5', displayName: 'Claude Opus 4.5', createdAt: '2025-11-24T00:00:00Z' },
  { id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', createdAt: '2025-09-29T00:00:00Z' },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5', createdAt: '2025-10-15T00:00:00Z' },
  { id: 'claude-opus-4-1', displayName: 'Claude Opus 4.1', createdAt: '2025-08-05T00:00:00Z' },
  { id: 'claude-sonnet-4', displayName: 'Claude Sonnet 4', createdAt: '2025-05-22T00:00:00Z' },
];

/** Without a routing file: one `anthropic` endpoint serving every Claude model. */
export function defaultRoutingConfig(settings: DefaultRoutingSettings): RoutingConfig {
  return {
    endpoints: [{ id: 'anthropic', provider: 'anthropic', baseUrl: settings.anthropicBaseUrl, apiKeyEnv: 'UPSTREAM_ANTHROPIC_API_KEY' }],
    routes: [{ models: ['claude-*'], upstreams: [{ endpoint: 'anthropic' }] }],
    models: [...DEFAULT_MODELS],
  };
}

/** Validates a parsed routing document; issues name the JSON path that is wrong. */
export function parseRoutingConfig(json: unknown, source: string): RoutingConfig {
  const result = routingConfigSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new RoutingError(RoutingErrorCode.InvalidConfig, `routing file ${source} is invalid: ${issues.join('; ')}`);
}

/** Reads `GATEHOUSE_ROUTES_FILE`, or returns the built-in default when no file is configured. */
export function loadRoutingConfig(file: string | undefined, settings: DefaultRoutingSettings): RoutingConfig {
  if (file === undefined) return defaultRoutingConfig(settings);
  const read = readJsonFile(file);
  if (read.ok) return parseRoutingConfig(read.json, file);
  if (read.problem === 'unreadable')
    throw new RoutingError(RoutingErrorCode.FileUnreadable, `cannot read routing file ${file} (GATEHOUSE_ROUTES_FILE): ${read.reason}`);
  throw new RoutingError(RoutingErrorCode.InvalidJson, `routing file ${file} is not valid JSON: ${read.reason}`);
}
