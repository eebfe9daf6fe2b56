import type { SigningKeyStatus } from '../directory/entities/signing-key.entity';
import type { SigningKeyBackend, SigningKeyRecord } from './signing-key-backend';
import type { SigningKeyMaterial } from './signing-key-material';

/**
 * Keys held only in this process: for local development when AUTH_KEY_ENCRYPTION_KEY is unset.
 * Nothing is derived or written anywhere; tokens stop verifying when the process restarts, and no
 * `signing-key` event is published (proxies learn the key from `/.well-known/jwks.json`).
 */
export class EphemeralSigningKeys implements SigningKeyBackend {
  readonly kind = 'ephemeral';
  private readonly keys = new Map<string, { record: SigningKeyRecord; pem: string }>();
  private queue: Promise<unknown> = Promise.resolve();

  async published(): Promise<SigningKeyRecord[]> {
    return [...this.keys.values()]
      .map((entry) => entry.record)
      .filter((record) => record.status !== 'revoked');
  }

  async add(
    material: SigningKeyMaterial,
    validity: { notBefore: Date; notAfter: Date },
  ): Promise<void> {
    this.keys.set(material.kid, {
      record: { kid: material.kid, status: 'active', publicJwk: material.publicJwk, ...validity },
      pem: material.privateKeyPem,
    });
  }

  async setStatus(kid: string, status: SigningKeyStatus): Promise<void> {
    const entry = this.keys.get(kid);
    if (entry !== undefined) entry.record = { ...entry.record, status };
  }

  async privateKeyPem(kid: string): Promise<string> {
    const entry = this.keys.get(kid);
    if (entry === undefined || entry.record.status !== 'active') {
      throw new Error(`no active ephemeral signing key ${kid}`);
    }
    return entry.pem;
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
