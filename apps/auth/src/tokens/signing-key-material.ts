import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { PublicJwk } from '../directory/entities/signing-key.entity';

/** A freshly generated ES256 key pair in the forms the key store and the JWKS need. */
export interface SigningKeyMaterial {
  readonly kid: string;
  readonly publicJwk: PublicJwk;
  /** PKCS#8 PEM; sealed before it is stored, never logged. */
  readonly privateKeyPem: string;
}

/**
 * Generates a P-256 key for ES256. The kid is `es256-` plus the RFC 7638 thumbprint, so it is a
 * function of the key (a regenerated key never reuses a kid) and fits the contract's kid alphabet.
 */
export async function generateSigningKey(): Promise<SigningKeyMaterial> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  if (kty !== 'EC' || crv !== 'P-256' || x === undefined || y === undefined) {
    throw new Error('node:crypto returned an unexpected P-256 public key');
  }
  const kid = `es256-${await calculateJwkThumbprint({ kty, crv, x, y })}`;
  return {
    kid,
    publicJwk: { kty: 'EC', crv: 'P-256', x, y, kid, alg: 'ES256', use: 'sig' },
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export function importPrivateKey(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}
