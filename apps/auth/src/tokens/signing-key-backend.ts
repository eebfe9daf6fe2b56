import type { PublicJwk, SigningKeyStatus } from '../directory/entities/signing-key.entity';
import type { KeyLifecycle } from './key-rotation';
import type { SigningKeyMaterial } from './signing-key-material';

/** A published key: lifecycle plus the public JWK. */
export interface SigningKeyRecord extends KeyLifecycle {
  readonly publicJwk: PublicJwk;
}

/**
 * Where signing keys live. The persistent backend is the directory's `SigningKeyStore`
 * (PostgreSQL, private keys sealed, every change an outbox event); the ephemeral one keeps a key
 * in memory for local development without AUTH_KEY_ENCRYPTION_KEY.
 */
export interface SigningKeyBackend {
  /** `persistent` or `ephemeral`, for logs and readiness. */
  readonly kind: 'persistent' | 'ephemeral';
  /** Active and retiring keys. */
  published(): Promise<SigningKeyRecord[]>;
  add(material: SigningKeyMaterial, validity: { notBefore: Date; notAfter: Date }): Promise<void>;
  setStatus(kid: string, status: SigningKeyStatus): Promise<void>;
  /** PKCS#8 PEM of an active key. */
  privateKeyPem(kid: string): Promise<string>;
  /** Runs `work` while no other replica changes keys (a PostgreSQL advisory lock when persistent). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}
