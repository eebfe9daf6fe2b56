import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { AccessTokenError, AccessTokenErrorCode } from './access-token-error';
import { KeySet, type AcceptedAlgorithm } from './key-set';
import { TokenRejection } from './token-rejection';

/** Result of looking up the key a token names. */
export type KeyResolution =
  | { readonly found: true; readonly key: KeyObject }
  | {
      readonly found: false;
      readonly reason: TokenRejection.UNKNOWN_KID | TokenRejection.KEYS_UNAVAILABLE;
    };

/**
 * Where a verifier gets public keys. Lookups must not touch the network on the common path; a
 * remote source may fetch when it meets a kid it has never seen (key rotation).
 */
export interface JwksSource {
  resolve(kid: string, alg: AcceptedAlgorithm): Promise<KeyResolution>;
  /**
   * Changes whenever the set of keys changes. The verifier remembers it next to each cached
   * verification, so removing a key also stops tokens that were verified with it a moment ago.
   */
  readonly generation: number;
}

const UNKNOWN: KeyResolution = Object.freeze({ found: false, reason: TokenRejection.UNKNOWN_KID });

/** A fixed, local key set (configuration, the dev signer's `jwks.json`, tests). */
export function staticJwks(jwks: unknown, source = 'static JWKS'): JwksSource {
  const keys = new KeySet(jwks, source);
  if (keys.kids().length === 0) {
    throw new AccessTokenError(
      AccessTokenErrorCode.INVALID_KEY_SET,
      `${source}: no ES256 (P-256) or EdDSA (Ed25519) verification key`,
    );
  }
  return {
    generation: 0,
    resolve: async (kid, alg) => {
      const key = keys.find(kid, alg);
      return key === undefined ? UNKNOWN : { found: true, key };
    },
  };
}

/** A key set read once from a JSON file, such as `.gatehouse/dev-signer/jwks.json`. */
export function jwksFromFile(path: string): JwksSource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AccessTokenError(
      AccessTokenErrorCode.INVALID_KEY_SET,
      `cannot read JWKS file ${path}: ${(error as Error).message}`,
    );
  }
  return staticJwks(parsed, path);
}

/**
 * Several sources tried in order, for example the Auth service's remote JWKS plus the dev signer's
 * file. A kid unknown to one source is looked up in the next; if none knows it and one of them
 * could not load its keys, the answer is KEYS_UNAVAILABLE, since the key may be in that one.
 */
export function compositeJwks(sources: readonly JwksSource[]): JwksSource {
  if (sources.length === 0) {
    throw new AccessTokenError(
      AccessTokenErrorCode.INVALID_OPTIONS,
      'compositeJwks needs a source',
    );
  }
  return {
    get generation() {
      return sources.reduce((sum, source) => sum + source.generation, 0);
    },
    resolve: async (kid, alg) => {
      let unavailable = false;
      for (const source of sources) {
        const resolution = await source.resolve(kid, alg);
        if (resolution.found) return resolution;
        if (resolution.reason === TokenRejection.KEYS_UNAVAILABLE) unavailable = true;
      }
      return unavailable ? { found: false, reason: TokenRejection.KEYS_UNAVAILABLE } : UNKNOWN;
    },
  };
}
