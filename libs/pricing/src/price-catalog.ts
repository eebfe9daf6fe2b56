import { canonicalModelFamily, isCanonicalModelFamily } from './model-family';
import { type ModelPrice, type TokenPrices, usdToMicroUsd } from './model-price';
import type { ModelPriceInput, PriceTable, TokenPriceInput } from './price-table.schema';
import { DEFAULT_PRICE_TABLE } from './default-price-table';
import { PricingError, PricingErrorCode } from './pricing-error';

/**
 * Why a request has no price. The hot path never throws on these: the request is costed at 0 and
 * flagged, so the proxy can count it, alert the operator and let policy decide (an allowlist
 * normally rejects unknown models before they reach the upstream).
 */
export type UnpricedReason =
  /** The id is not recognisable as a Claude model (e.g. an opaque application inference profile). */
  | 'unknown_model'
  /** The family is recognised but no table in force lists it (a model newer than the table). */
  | 'no_price_for_model'
  /** The instant predates every table. */
  | 'no_table_in_force';

export interface PricedLookup {
  readonly priced: true;
  readonly family: string;
  /** Version of the table that supplied the price; recorded as `pricingVersion`. */
  readonly version: string;
  readonly price: ModelPrice;
}

export interface UnpricedLookup {
  readonly priced: false;
  readonly reason: UnpricedReason;
  readonly family: string | null;
  /** Version in force at the instant, if any, so the event still says which table was consulted. */
  readonly version: string | null;
}

export type PriceLookup = PricedLookup | UnpricedLookup;

export interface PriceCatalogOptions {
  /** Operator price table, layered over the built-in one: its models win while it is in force. */
  readonly overrides?: PriceTable;
  /** Replaces the built-in table (tests, or deployments that publish their own complete list). */
  readonly base?: PriceTable;
  /**
   * Exact model ids (case-insensitive) that cannot be recognised from their text, mapped to a
   * canonical family, e.g. a Bedrock application inference profile ARN → `claude-sonnet-4-5`.
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** One instant from which a fixed set of prices applies. */
interface Segment {
  readonly fromMs: number;
  readonly version: string | null;
  readonly prices: ReadonlyMap<string, PricedLookup>;
}

interface ResolvedVersion {
  readonly fromMs: number;
  readonly version: string;
  readonly models: ReadonlyMap<string, ModelPriceInput>;
  readonly webSearchMicroUsdPer1k: number | undefined;
  readonly webFetchMicroUsdPer1k: number | undefined;
}

/** Bounds the id → family cache so a client sending random model ids cannot grow it forever. */
const FAMILY_CACHE_LIMIT = 4096;

/**
 * Answers "what did model M cost at instant T" from versioned price tables. Everything is compiled
 * when the catalog is built: a lookup is a cached id → family map read, a scan of a handful of
 * time segments and a map read, returning a shared frozen object (no allocation when priced).
 */
export class PriceCatalog {
  private readonly segments: readonly Segment[];
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly familyCache = new Map<string, string | null>();

  constructor(options: PriceCatalogOptions = {}) {
    const base = resolveTimeline(options.base ?? DEFAULT_PRICE_TABLE);
    const overrides = resolveTimeline(options.overrides ?? []);
    assertDistinctVersions(base, overrides);
    this.segments = mergeTimelines(base, overrides);
    this.aliases = compileAliases(options.aliases ?? {});
  }

  /** The canonical family of a model id, or null when it is not recognisable. Cached. */
  familyOf(modelId: string): string | null {
    const cached = this.familyCache.get(modelId);
    if (cached !== undefined) return cached;
    const family = this.aliases.get(modelId.trim().toLowerCase()) ?? canonicalModelFamily(modelId);
    if (this.familyCache.size >= FAMILY_CACHE_LIMIT) this.familyCache.clear();
    this.familyCache.set(modelId, family);
    return family;
  }

  /** The price of `modelId` in force at `at` (a Date or epoch milliseconds). Never throws. */
  priceFor(modelId: string, at: Date | number): PriceLookup {
    const atMs = typeof at === 'number' ? at : at.getTime();
    const segment = this.segmentAt(atMs);
    const family = this.familyOf(modelId);
    if (!segment) return unpriced('no_table_in_force', family, null);
    if (family === null) return unpriced('unknown_model', null, segment.version);
    return segment.prices.get(family) ?? unpriced('no_price_for_model', family, segment.version);
  }

  /** Families priced at `at`, e.g. for an admin listing. */
  familiesAt(at: Date | number): string[] {
    const segment = this.segmentAt(typeof at === 'number' ? at : at.getTime());
    return segment ? [...segment.prices.keys()].sort() : [];
  }

  private segmentAt(atMs: number): Segment | undefined {
    // Tables change a few times a year, so a backwards scan beats a binary search here.
    for (let i = this.segments.length - 1; i >= 0; i--) {
      if (this.segments[i].fromMs <= atMs) return this.segments[i];
    }
    return undefined;
  }
}

function unpriced(
  reason: UnpricedReason,
  family: string | null,
  version: string | null,
): UnpricedLookup {
  return { priced: false, reason, family, version };
}

/** Applies `inherit` so each version carries its complete model list. */
function resolveTimeline(table: PriceTable): ResolvedVersion[] {
  const resolved: ResolvedVersion[] = [];
  let previous: ResolvedVersion | undefined;
  for (const entry of table) {
    const fromMs = Date.parse(entry.effectiveFrom);
    // Tables normally pass PriceTableSchema, but a hand-built one must obey the same order.
    if (previous && !(fromMs > previous.fromMs)) {
      throw new PricingError(
        PricingErrorCode.EffectiveDatesOutOfOrder,
        `price table version "${entry.version}" (effectiveFrom ${entry.effectiveFrom}) must start ` +
          `after "${previous.version}"`,
      );
    }
    if (resolved.some((v) => v.version === entry.version)) {
      throw new PricingError(
        PricingErrorCode.DuplicateVersion,
        `price table version "${entry.version}" appears twice`,
      );
    }
    const models = new Map<string, ModelPriceInput>(
      entry.inherit && previous ? previous.models : [],
    );
    for (const [family, price] of Object.entries(entry.models)) models.set(family, price);
    const webSearch = entry.serverTools?.webSearchUsdPer1kRequests;
    const webFetch = entry.serverTools?.webFetchUsdPer1kRequests;
    previous = {
      fromMs,
      version: entry.version,
      models,
      // Server tool prices carry forward until a later version names them again.
      webSearchMicroUsdPer1k:
        webSearch === undefined ? previous?.webSearchMicroUsdPer1k : micro(webSearch),
      webFetchMicroUsdPer1k:
        webFetch === undefined ? previous?.webFetchMicroUsdPer1k : micro(webFetch),
    };
    resolved.push(previous);
  }
  return resolved;
}

function assertDistinctVersions(base: ResolvedVersion[], overrides: ResolvedVersion[]): void {
  const names = new Set(base.map((v) => v.version));
  for (const { version } of overrides) {
    if (names.has(version)) {
      throw new PricingError(
        PricingErrorCode.DuplicateVersion,
        `price table version "${version}" is used by both the built-in and the operator table; ` +
          'give the operator version its own name so recorded costs stay explainable',
      );
    }
  }
}

/**
 * Flattens the base and override timelines into segments. Within a segment the override's models
 * replace the base's, and its server tool prices (when it names them) apply to every model.
 */
function mergeTimelines(base: ResolvedVersion[], overrides: ResolvedVersion[]): Segment[] {
  const instants = [...new Set([...base, ...overrides].map((v) => v.fromMs))].sort((a, b) => a - b);
  return instants.map((fromMs) => {
    const b = versionAt(base, fromMs);
    const o = versionAt(overrides, fromMs);
    const webSearch = o?.webSearchMicroUsdPer1k ?? b?.webSearchMicroUsdPer1k ?? 0;
    const webFetch = o?.webFetchMicroUsdPer1k ?? b?.webFetchMicroUsdPer1k ?? 0;
    const prices = new Map<string, PricedLookup>();
    for (const source of [b, o]) {
      if (!source) continue;
      for (const [family, input] of source.models) {
        const price = compilePrice(input, webSearch, webFetch);
        prices.set(family, Object.freeze({ priced: true, family, version: source.version, price }));
      }
    }
    return { fromMs, version: o?.version ?? b?.version ?? null, prices };
  });
}

function versionAt(timeline: ResolvedVersion[], atMs: number): ResolvedVersion | undefined {
  let found: ResolvedVersion | undefined;
  for (const version of timeline) if (version.fromMs <= atMs) found = version;
  return found;
}

/**
 * Omitted cache prices follow Anthropic's multipliers. Integer micro-dollar inputs times 1.25 or
 * 0.1 can leave a fraction; it is rounded up so a derived price never undercharges.
 */
function compileTokenPrices(input: TokenPriceInput): TokenPrices {
  const inputMicro = micro(input.inputUsdPerMTok);
  return {
    inputMicroUsdPerMTok: inputMicro,
    outputMicroUsdPerMTok: micro(input.outputUsdPerMTok),
    cacheWrite5mMicroUsdPerMTok:
      input.cacheWrite5mUsdPerMTok === undefined
        ? Math.ceil((inputMicro * 5) / 4)
        : micro(input.cacheWrite5mUsdPerMTok),
    cacheWrite1hMicroUsdPerMTok:
      input.cacheWrite1hUsdPerMTok === undefined
        ? inputMicro * 2
        : micro(input.cacheWrite1hUsdPerMTok),
    cacheReadMicroUsdPerMTok:
      input.cacheReadUsdPerMTok === undefined
        ? Math.ceil(inputMicro / 10)
        : micro(input.cacheReadUsdPerMTok),
  };
}

function compilePrice(input: ModelPriceInput, webSearch: number, webFetch: number): ModelPrice {
  const longPrompt = input.longPrompt;
  return Object.freeze({
    ...compileTokenPrices(input),
    webSearchMicroUsdPer1kRequests: webSearch,
    webFetchMicroUsdPer1kRequests: webFetch,
    ...(longPrompt === undefined
      ? {}
      : {
          longPrompt: Object.freeze({
            abovePromptTokens: longPrompt.abovePromptTokens,
            prices: Object.freeze(compileTokenPrices(longPrompt)),
          }),
        }),
  });
}

/** Schema validation already guaranteed the amount converts; this only narrows the type. */
function micro(usd: number): number {
  return usdToMicroUsd(usd) ?? 0;
}

function compileAliases(aliases: Readonly<Record<string, string>>): Map<string, string> {
  const compiled = new Map<string, string>();
  for (const [modelId, family] of Object.entries(aliases)) {
    if (!isCanonicalModelFamily(family)) {
      throw new PricingError(
        PricingErrorCode.InvalidAlias,
        `alias for "${modelId}" points at "${family}", which is not a canonical family id ` +
          '(expected e.g. "claude-sonnet-4-5")',
      );
    }
    compiled.set(modelId.trim().toLowerCase(), family);
  }
  return compiled;
}
