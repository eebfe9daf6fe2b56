import type { SessionRevokedV1 } from '@gatehouse/contracts';

/** What a revocation check needs to know about a principal. */
export interface RevocationSubject {
  readonly userId: string;
  readonly sessionId: string | null;
}

interface Cutoff {
  /** Credentials issued at or before this instant (epoch ms) are revoked. */
  readonly revokedBeforeMs: number;
  /** After this instant no credential the entry could match is still valid. */
  readonly expiresAtMs: number;
}

export interface RevocationListOptions {
  /** Clock in epoch milliseconds, for pruning. */
  readonly now?: () => number;
  /** Prune expired entries after this many applied events (amortised housekeeping). */
  readonly pruneEvery?: number;
}

/**
 * In-memory view of `gatehouse.identity.session-revoked.v1`, rebuilt by reading the compacted topic
 * from the beginning and kept current by its consumer. Two maps give O(1) checks: one by session
 * id, one by user id ("sign out everywhere", deactivation).
 *
 * User-wide cut-offs compare with the token's `iat`, at its precision: `iat` has whole seconds, so a token issued in
 * the same second as a cut-off counts as issued before it. Erring that way keeps a token minted
 * just before a revocation from slipping through; the cost is that signing in again within the same
 * second of a user-wide revocation needs one more sign-in.
 */
export class RevocationList {
  private readonly sessions = new Map<string, Cutoff>();
  private readonly users = new Map<string, Cutoff>();
  private readonly now: () => number;
  private readonly pruneEvery: number;
  private appliedSincePrune = 0;

  constructor(options: RevocationListOptions = {}) {
    this.now = options.now ?? Date.now;
    this.pruneEvery = options.pruneEvery ?? 1_000;
  }

  get size(): number {
    return this.sessions.size + this.users.size;
  }

  /**
   * Applies one event. Idempotent, and order-insensitive for the same key: a redelivered or older
   * event never lowers a cut-off already recorded.
   */
  apply(event: SessionRevokedV1): void {
    const cutoff: Cutoff = {
      revokedBeforeMs: Date.parse(event.revokedBefore),
      expiresAtMs: Date.parse(event.expiresAt),
    };
    if (event.scope === 'session' && event.sessionId !== null) {
      merge(this.sessions, event.sessionId, cutoff);
    } else {
      merge(this.users, event.userId, cutoff);
    }
    this.appliedSincePrune += 1;
    if (this.appliedSincePrune >= this.pruneEvery) this.prune();
  }

  /** True when the credential (issued at `issuedAt`) falls under a session or user revocation. */
  isRevoked(subject: RevocationSubject, issuedAt: Date | number): boolean {
    const issuedAtMs = typeof issuedAt === 'number' ? issuedAt : issuedAt.getTime();
    if (subject.sessionId !== null) {
      // A session id is never reused, so once revoked every token of it is refused, whatever its
      // `iat`: an auth node with a skewed clock cannot revive a session with a newer token.
      if (this.sessions.has(subject.sessionId)) return true;
    }
    const user = this.users.get(subject.userId);
    return user !== undefined && issuedAtMs <= user.revokedBeforeMs;
  }

  /** Drops entries whose every possible match has expired. */
  prune(): void {
    const nowMs = this.now();
    for (const map of [this.sessions, this.users]) {
      for (const [key, cutoff] of map) if (cutoff.expiresAtMs <= nowMs) map.delete(key);
    }
    this.appliedSincePrune = 0;
  }
}

function merge(map: Map<string, Cutoff>, key: string, next: Cutoff): void {
  const current = map.get(key);
  if (current === undefined) {
    map.set(key, next);
    return;
  }
  map.set(key, {
    revokedBeforeMs: Math.max(current.revokedBeforeMs, next.revokedBeforeMs),
    expiresAtMs: Math.max(current.expiresAtMs, next.expiresAtMs),
  });
}
