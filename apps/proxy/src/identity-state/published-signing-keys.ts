import { compositeJwks, KeySet, TokenRejection, type AcceptedAlgorithm, type JwksSource, type KeyResolution } from '@gatehouse/access-token';
import type { SigningKeyV1 } from '@gatehouse/contracts';
import type { KeyObject } from 'node:crypto';

interface PublishedKey {
  readonly status: SigningKeyV1['status'];
  readonly notAfterMs: number;
  readonly occurredAtMs: number;
  /** Undefined for keys the verifier cannot use (RSA): they are tracked only to order updates. */
  readonly key: { readonly alg: AcceptedAlgorithm; readonly key: KeyObject } | undefined;
}

const UNKNOWN: KeyResolution = Object.freeze({ found: false, reason: TokenRejection.UNKNOWN_KID });

export interface PublishedSigningKeysOptions {
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

/**
 * The token signing keys the auth service published on `gatehouse.identity.signing-key.v1`, as a
 * key source for the verifier. The auth service publishes a key before it signs with it, so a
 * proxy that follows the topic verifies tokens of a new key without fetching the JWKS. Keys are
 * imported once when their event arrives; a lookup is a map read.
 *
 * `revoked` keys, and keys past `notAfter`, resolve to nothing. `notBefore` is not enforced here:
 * the token's own `iat`/`nbf` are checked by the verifier, and a proxy whose clock lags the auth
 * service's must not refuse the first tokens of a freshly published key.
 */
export class PublishedSigningKeys implements JwksSource {
  private readonly keys = new Map<string, PublishedKey>();
  private readonly now: () => number;
  private changes = 0;

  constructor(options: PublishedSigningKeysOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  get generation(): number {
    return this.changes;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Applies one event; an event older than the state held for its kid is ignored. */
  apply(event: SigningKeyV1): void {
    const occurredAtMs = Date.parse(event.occurredAt);
    const previous = this.keys.get(event.kid);
    if (previous !== undefined && previous.occurredAtMs > occurredAtMs) return;
    const alg = event.publicJwk.alg;
    let usable: PublishedKey['key'];
    if (alg === 'ES256' || alg === 'EdDSA') {
      const key = new KeySet({ keys: [event.publicJwk] }, `signing key ${event.kid}`).find(event.kid, alg);
      if (key !== undefined) usable = { alg, key };
    }
    this.keys.set(event.kid, { status: event.status, notAfterMs: Date.parse(event.notAfter), occurredAtMs, key: usable });
    // A new generation makes the verifier drop cached verifications of tokens signed with a key
    // that has just been revoked.
    this.changes += 1;
  }

  /** A deleted key (a tombstone on the compacted topic) is forgotten. */
  forget(kid: string): void {
    if (this.keys.delete(kid)) this.changes += 1;
  }

  /** True when the topic says this key must not verify anything any more. */
  isWithdrawn(kid: string): boolean {
    const entry = this.keys.get(kid);
    return entry !== undefined && (entry.status === 'revoked' || this.now() > entry.notAfterMs);
  }

  resolve(kid: string, alg: AcceptedAlgorithm): Promise<KeyResolution> {
    const entry = this.keys.get(kid);
    if (entry?.key === undefined || entry.key.alg !== alg || this.isWithdrawn(kid)) return Promise.resolve(UNKNOWN);
    return Promise.resolve({ found: true, key: entry.key.key });
  }
}

/**
 * The published keys first, then the configured JWKS URL or file. A key the topic withdrew is
 * refused even if a cached JWKS document still lists it, so revoking a signing key takes effect as
 * fast as revoking a session.
 */
export function withPublishedKeys(published: PublishedSigningKeys, configured: readonly JwksSource[]): JwksSource {
  const combined = compositeJwks([published, ...configured]);
  return {
    get generation() {
      return combined.generation;
    },
    resolve: (kid, alg) => (published.isWithdrawn(kid) ? Promise.resolve(UNKNOWN) : combined.resolve(kid, alg)),
  };
}
