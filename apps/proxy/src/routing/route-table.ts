import type { RoutingConfig } from './routing-config.schema';

/** One upstream to try for a model, with the model id in that upstream's spelling. */
export interface PlannedTarget<E> {
  readonly endpoint: E;
  readonly upstreamModel: string;
}

/** The ordered upstreams for one requested model. Built once per model id and cached. */
export interface RoutePlan<E> {
  readonly model: string;
  readonly targets: readonly PlannedTarget<E>[];
}

interface CompiledRoute {
  readonly upstreams: RoutingConfig['routes'][number]['upstreams'];
}

interface PatternRoute extends CompiledRoute {
  readonly pattern: RegExp;
}

/** Bounds the plan cache so clients sending random model ids cannot grow it forever. */
const PLAN_CACHE_LIMIT = 4096;

/**
 * Maps a requested model id to its route plan. Exact ids are a map read; patterns are compiled to
 * regular expressions once here and tested in file order; the answer (including "no route") is
 * cached per id, so the request path does no pattern matching after the first request for a model.
 */
export class RouteTable<E> {
  private readonly exact = new Map<string, CompiledRoute>();
  private readonly patterns: PatternRoute[] = [];
  private readonly cache = new Map<string, RoutePlan<E> | null>();
  private readonly exactIds: readonly string[];

  constructor(
    config: RoutingConfig,
    private readonly endpoints: ReadonlyMap<string, E>,
  ) {
    for (const route of config.routes) {
      for (const model of route.models) {
        if (!model.includes('*')) {
          if (!this.exact.has(model)) this.exact.set(model, { upstreams: route.upstreams });
        } else {
          this.patterns.push({ pattern: compilePattern(model), upstreams: route.upstreams });
        }
      }
    }
    this.exactIds = [...this.exact.keys()];
  }

  /** The plan for `model`, or null when no route serves it (the model policy's "not available"). */
  resolve(model: string): RoutePlan<E> | null {
    const cached = this.cache.get(model);
    if (cached !== undefined) return cached;
    const plan = this.compute(model);
    if (this.cache.size >= PLAN_CACHE_LIMIT) this.cache.clear();
    this.cache.set(model, plan);
    return plan;
  }

  /** Model ids routed by exact id, in file order. */
  exactModelIds(): readonly string[] {
    return this.exactIds;
  }

  private compute(model: string): RoutePlan<E> | null {
    const route = this.exact.get(model) ?? this.patterns.find((candidate) => candidate.pattern.test(model));
    if (route === undefined) return null;
    const targets = route.upstreams.map((target) => {
      const endpoint = this.endpoints.get(target.endpoint);
      // The schema checks every target names a declared endpoint; a gap here is a wiring bug.
      if (endpoint === undefined) throw new Error(`route target names unbuilt endpoint "${target.endpoint}"`);
      return { endpoint, upstreamModel: target.upstreamModel ?? model };
    });
    return { model, targets };
  }
}

/** `claude-sonnet-*` → /^claude-sonnet-.*$/ with every other character taken literally. */
export function compilePattern(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
