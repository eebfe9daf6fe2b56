import { AccessTokenError, AccessTokenErrorCode } from './access-token-error';
import type { Principal } from './principal';

export interface VerifiedTokenCacheOptions {
  /** Bound on entries; the least recently used entry is dropped first. */
  readonly maxEntries?: number;
  /** Longest time a verification is reused, whatever the token's own expiry. */
  readonly maxAgeMs?: number;
}

interface Entry {
  readonly principal: Principal;
  readonly expiresAtMs: number;
  readonly keyGeneration: number;
  /** When the entry last moved to the recent end of the map. */
  touchedAtMs: number;
}

/**
 * Recency is kept to this granularity: a hit moves its entry at most once per interval. Moving it
 * on every hit made the Map rebuild its hash table on every request (a delete and a set), and each
 * new table, referenced from the long-lived Map, survived into V8's old generation: about 120 bytes
 * promoted per request, the kind of garbage that makes full collections come sooner (ADR 0021).
 */
const RECENCY_GRANULARITY_MS = 1_000;

/**
 * Remembers tokens whose signature and claims were already checked, so a developer's next requests
 * with the same token skip the signature check. Keys are SHA-256 digests of the token, so no bearer
 * token sits in the heap as a map key. Only successes are stored, and revocation is not: the
 * verifier checks it on every request, hit or miss.
 *
 * A JavaScript Map iterates in insertion order, so re-inserting an entry on a hit makes the first
 * key the least recently used one: an LRU without a linked list, exact to RECENCY_GRANULARITY_MS.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  readonly maxEntries: number;
  readonly maxAgeMs: number;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    if (!(this.maxEntries >= 1) || !(this.maxAgeMs >= 0)) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_OPTIONS,
        'token cache needs maxEntries >= 1 and maxAgeMs >= 0',
      );
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached principal, unless the entry expired or the key set changed since it was stored. */
  get(digest: string, nowMs: number, keyGeneration: number): Principal | undefined {
    const entry = this.entries.get(digest);
    if (entry === undefined) return undefined;
    if (nowMs >= entry.expiresAtMs || entry.keyGeneration !== keyGeneration) {
      this.entries.delete(digest);
      return undefined;
    }
    if (nowMs - entry.touchedAtMs >= RECENCY_GRANULARITY_MS) {
      entry.touchedAtMs = nowMs;
      this.entries.delete(digest);
      this.entries.set(digest, entry);
    }
    return entry.principal;
  }

  /**
   * Stores a verified principal until min(token expiry, now + maxAge). The token's own `exp` bounds
   * the entry so an expired token always goes back through full verification and gets EXPIRED.
   */
  set(digest: string, principal: Principal, nowMs: number, keyGeneration: number): void {
    const tokenExpiry = principal.tokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    const expiresAtMs = Math.min(tokenExpiry, nowMs + this.maxAgeMs);
    if (expiresAtMs <= nowMs) return;
    this.entries.delete(digest);
    this.entries.set(digest, { principal, expiresAtMs, keyGeneration, touchedAtMs: nowMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
