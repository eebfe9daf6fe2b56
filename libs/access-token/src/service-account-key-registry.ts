import type { ServiceAccountKeyV1 } from '@gatehouse/contracts';
import { hashApiKey, isApiKeyFormat } from './api-key';
import type { Principal } from './principal';
import { TokenRejection } from './token-rejection';
import { rejected, type VerifyResult } from './verify-result';

interface KeyEntry {
  readonly keyId: string;
  readonly status: 'active' | 'revoked';
  readonly expiresAtMs: number | null;
  readonly occurredAtMs: number;
  readonly principal: Principal;
}

export interface ServiceAccountKeyRegistryOptions {
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

const KEY_HELP = 'ask your administrator for a valid service account key';

/**
 * In-memory view of `gatehouse.identity.service-account-key.v1` (compacted, keyed by key id):
 * key hash to service account. A presented key is hashed and looked up, so the only secret-dependent
 * comparison is a hash-map lookup on a SHA-256 digest, which leaks nothing usable about the key.
 * Revoked keys are kept as tombstones so their use is reported as REVOKED rather than unknown.
 *
 * The v1 event carries no scopes or roles, so principals from keys have empty `scopes` and `roles`
 * until the contract gains them as optional fields.
 */
export class ServiceAccountKeyRegistry {
  private readonly byHash = new Map<string, KeyEntry>();
  private readonly hashByKeyId = new Map<string, string>();
  private readonly now: () => number;

  constructor(options: ServiceAccountKeyRegistryOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Applies one event; an event older than the state already held for its key is ignored. */
  apply(event: ServiceAccountKeyV1): void {
    const occurredAtMs = Date.parse(event.occurredAt);
    const previousHash = this.hashByKeyId.get(event.keyId);
    const previous = previousHash === undefined ? undefined : this.byHash.get(previousHash);
    if (previous !== undefined && previous.occurredAtMs > occurredAtMs) return;
    if (previousHash !== undefined && previousHash !== event.keyHash)
      this.byHash.delete(previousHash);

    const expiresAtMs = event.expiresAt === null ? null : Date.parse(event.expiresAt);
    const principal: Principal = Object.freeze({
      principalType: 'service_account',
      credential: 'api_key',
      userId: event.serviceAccountId,
      sessionId: null,
      orgId: event.orgId,
      teamId: event.teamId,
      roles: Object.freeze([]),
      groups: Object.freeze([]),
      scopes: Object.freeze([]),
      email: null,
      name: null,
      credentialId: event.keyId,
      billingGroupTag: null,
      issuedAt: previous?.principal.issuedAt ?? new Date(occurredAtMs),
      tokenExpiresAt: expiresAtMs === null ? null : new Date(expiresAtMs),
    } satisfies Principal);
    this.byHash.set(event.keyHash, {
      keyId: event.keyId,
      status: event.status,
      expiresAtMs,
      occurredAtMs,
      principal,
    });
    this.hashByKeyId.set(event.keyId, event.keyHash);
  }

  /** Checks a presented `gh_sk_…` key. Never throws. */
  verifyApiKey(key: string): VerifyResult {
    if (typeof key !== 'string' || !isApiKeyFormat(key)) {
      return rejected(
        TokenRejection.MALFORMED,
        `The credential is not a Gatehouse API key (gh_sk_…); ${KEY_HELP}.`,
      );
    }
    const entry = this.byHash.get(hashApiKey(key));
    if (entry === undefined) return rejected(TokenRejection.UNKNOWN_KEY);
    if (entry.status === 'revoked') {
      return rejected(
        TokenRejection.REVOKED,
        `The Gatehouse API key ${entry.keyId} was revoked; ${KEY_HELP}.`,
      );
    }
    if (entry.expiresAtMs !== null && this.now() >= entry.expiresAtMs) {
      return rejected(
        TokenRejection.EXPIRED,
        `The Gatehouse API key ${entry.keyId} expired; ${KEY_HELP}.`,
      );
    }
    return { ok: true, principal: entry.principal };
  }
}
