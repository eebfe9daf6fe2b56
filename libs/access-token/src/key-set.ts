import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { AccessTokenError, AccessTokenErrorCode } from './access-token-error';

/** The only signature algorithms Gatehouse accepts. Everything else (none, HS*, RS*) is refused. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type AcceptedAlgorithm = (typeof ACCEPTED_ALGORITHMS)[number];

export function isAcceptedAlgorithm(alg: unknown): alg is AcceptedAlgorithm {
  return alg === 'ES256' || alg === 'EdDSA';
}

/** A JSON Web Key Set as published at `/.well-known/jwks.json`. */
export interface JsonWebKeySet {
  readonly keys: readonly Record<string, unknown>[];
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

interface ImportedKey {
  readonly alg: AcceptedAlgorithm;
  readonly key: KeyObject;
}

/** Algorithm a public JWK can verify, from its type and curve; null for keys Gatehouse ignores. */
function algorithmOf(jwk: Record<string, unknown>): AcceptedAlgorithm | null {
  if (jwk['kty'] === 'EC' && jwk['crv'] === 'P-256') return 'ES256';
  if (jwk['kty'] === 'OKP' && jwk['crv'] === 'Ed25519') return 'EdDSA';
  return null;
}

/**
 * Public verification keys by `kid`, imported once when the set is built. Importing is the costly
 * part of using a JWK, so doing it here keeps the request path to a map lookup. Keys of other types
 * (for example RSA keys published for other consumers) are skipped rather than refused, so a shared
 * JWKS still works; a private key anywhere in the set is refused outright because it means the
 * publisher leaks secrets.
 */
export class KeySet {
  private readonly byKid = new Map<string, ImportedKey>();

  constructor(jwks: unknown, source: string) {
    const keys = readKeys(jwks, source);
    for (const jwk of keys) {
      const kid = jwk['kid'];
      const alg = algorithmOf(jwk);
      if (alg === null) continue;
      if (typeof kid !== 'string' || kid.length === 0) {
        throw invalid(source, 'a verification key has no "kid"');
      }
      if (jwk['use'] !== undefined && jwk['use'] !== 'sig') continue;
      if (jwk['alg'] !== undefined && jwk['alg'] !== alg) {
        throw invalid(
          source,
          `key "${kid}" declares alg "${String(jwk['alg'])}" but is a ${alg} key`,
        );
      }
      if (this.byKid.has(kid)) throw invalid(source, `duplicate kid "${kid}"`);
      this.byKid.set(kid, { alg, key: importPublicKey(jwk, kid, source) });
    }
  }

  /** The key for a token header, or undefined when the kid is unknown or belongs to another algorithm. */
  find(kid: string, alg: AcceptedAlgorithm): KeyObject | undefined {
    const entry = this.byKid.get(kid);
    return entry !== undefined && entry.alg === alg ? entry.key : undefined;
  }

  kids(): string[] {
    return [...this.byKid.keys()];
  }
}

function readKeys(jwks: unknown, source: string): Record<string, unknown>[] {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as JsonWebKeySet).keys)) {
    throw invalid(source, 'expected a JSON object with a "keys" array');
  }
  const keys: readonly unknown[] = (jwks as JsonWebKeySet).keys;
  return keys.map((key, index) => {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) {
      throw invalid(source, `keys[${index}] is not an object`);
    }
    const jwk = key as Record<string, unknown>;
    if (PRIVATE_MEMBERS.some((member) => member in jwk)) {
      throw invalid(source, `keys[${index}] contains private or symmetric key material`);
    }
    return jwk;
  });
}

function importPublicKey(jwk: Record<string, unknown>, kid: string, source: string): KeyObject {
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (error) {
    throw invalid(source, `key "${kid}" cannot be imported: ${(error as Error).message}`);
  }
}

function invalid(source: string, reason: string): AccessTokenError {
  return new AccessTokenError(AccessTokenErrorCode.INVALID_KEY_SET, `${source}: ${reason}`);
}
