import { defaultRoutingConfig, parseRoutingConfig } from './load-routing-config';
import { buildModelsList } from './models-list';
import { compilePattern, RouteTable } from './route-table';
import { RoutingError } from './routing-error';

const config = parseRoutingConfig(
  {
    endpoints: [
      { id: 'bedrock-us', provider: 'bedrock', region: 'us-east-1' },
      { id: 'anthropic', provider: 'anthropic', apiKeyEnv: 'KEY' },
    ],
    routes: [
      { models: ['claude-sonnet-4-5'], upstreams: [{ endpoint: 'bedrock-us', upstreamModel: 'anthropic.claude-sonnet-4-5-v1:0' }, { endpoint: 'anthropic' }] },
      { models: ['claude-haiku-*'], upstreams: [{ endpoint: 'anthropic' }] },
    ],
    models: [{ id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', createdAt: '2025-09-29T00:00:00Z' }],
  },
  'test',
);
const endpoints = new Map([
  ['bedrock-us', 'B'],
  ['anthropic', 'A'],
]);

describe('RouteTable', () => {
  it('maps an exact model to its ordered upstreams with per-upstream model ids', () => {
    const plan = new RouteTable(config, endpoints).resolve('claude-sonnet-4-5');
    expect(plan).toEqual({
      model: 'claude-sonnet-4-5',
      targets: [
        { endpoint: 'B', upstreamModel: 'anthropic.claude-sonnet-4-5-v1:0' },
        { endpoint: 'A', upstreamModel: 'claude-sonnet-4-5' },
      ],
    });
  });

  it('matches patterns, keeps the requested id upstream, and returns null for unrouted models', () => {
    const table = new RouteTable(config, endpoints);
    expect(table.resolve('claude-haiku-4-5-20251001')?.targets).toEqual([{ endpoint: 'A', upstreamModel: 'claude-haiku-4-5-20251001' }]);
    expect(table.resolve('claude-opus-4-5')).toBeNull();
    expect(table.resolve('gpt-4')).toBeNull();
  });

  it('returns the same cached plan object for repeated lookups', () => {
    const table = new RouteTable(config, endpoints);
    expect(table.resolve('claude-sonnet-4-5')).toBe(table.resolve('claude-sonnet-4-5'));
  });

  it('compiles patterns with every other character literal', () => {
    expect(compilePattern('claude-3.5*').test('claude-3.5-sonnet')).toBe(true);
    expect(compilePattern('claude-3.5*').test('claude-3x5-sonnet')).toBe(false);
  });

  it('routes every claude model to the anthropic endpoint by default', () => {
    const defaults = defaultRoutingConfig({ anthropicBaseUrl: 'http://127.0.0.1:1' });
    const table = new RouteTable(defaults, new Map([['anthropic', 'A']]));
    expect(table.resolve('claude-sonnet-4-5-20250929')?.targets[0]).toEqual({ endpoint: 'A', upstreamModel: 'claude-sonnet-4-5-20250929' });
    expect(table.resolve('llama')).toBeNull();
  });
});

describe('routing config validation', () => {
  it('names unknown endpoints and duplicate ids', () => {
    const bad = {
      endpoints: [
        { id: 'a', provider: 'anthropic' },
        { id: 'a', provider: 'anthropic' },
      ],
      routes: [{ models: ['*'], upstreams: [{ endpoint: 'nope' }] }],
    };
    expect(() => parseRoutingConfig(bad, 'routes.json')).toThrow(RoutingError);
    expect(() => parseRoutingConfig(bad, 'routes.json')).toThrow(/routes\.0\.upstreams\.0\.endpoint: unknown endpoint "nope"/);
    expect(() => parseRoutingConfig(bad, 'routes.json')).toThrow(/endpoint id "a" appears twice/);
  });
});

describe('buildModelsList', () => {
  it('lists configured models first, then exact routed ids, in the Anthropic list shape', () => {
    const table = new RouteTable(config, endpoints);
    const { ids, body } = buildModelsList(config.models, table.exactModelIds());
    expect(ids).toEqual(['claude-sonnet-4-5']);
    expect(JSON.parse(body.toString())).toEqual({
      data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }],
      has_more: false,
      first_id: 'claude-sonnet-4-5',
      last_id: 'claude-sonnet-4-5',
    });
  });
});
