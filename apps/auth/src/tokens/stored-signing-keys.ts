import type { DataSource } from 'typeorm';
import type { SigningKeyStatus } from '../directory/entities/signing-key.entity';
import type { SigningKeyStore } from '../directory/signing-key-store';
import type { SigningKeyBackend, SigningKeyRecord } from './signing-key-backend';
import type { SigningKeyMaterial } from './signing-key-material';

/** Advisory lock id shared by every auth replica that changes signing keys. */
const LOCK_NAME = 'gatehouse.auth.signing-keys';

/** Keys in PostgreSQL through the directory's SigningKeyStore; changes reach Kafka via the outbox. */
export class StoredSigningKeys implements SigningKeyBackend {
  readonly kind = 'persistent';

  constructor(private readonly deps: { store: SigningKeyStore; dataSource: DataSource }) {}

  async published(): Promise<SigningKeyRecord[]> {
    const rows = await this.deps.store.published();
    return rows.map((row) => ({
      kid: row.kid,
      status: row.status,
      notBefore: row.notBefore,
      notAfter: row.notAfter,
      publicJwk: row.publicJwk,
    }));
  }

  async add(
    material: SigningKeyMaterial,
    validity: { notBefore: Date; notAfter: Date },
  ): Promise<void> {
    await this.deps.store.add({
      kid: material.kid,
      publicJwk: material.publicJwk,
      privateKey: material.privateKeyPem,
      ...validity,
    });
  }

  async setStatus(kid: string, status: SigningKeyStatus): Promise<void> {
    await this.deps.store.setStatus(kid, status);
  }

  privateKeyPem(kid: string): Promise<string> {
    return this.deps.store.privateKeyOf(kid);
  }

  /**
   * Serialises key changes across replicas: two replicas starting together must not both create
   * an active key. The session-level lock lives on one pooled connection held for the duration.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.deps.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK_NAME]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_NAME]);
      }
    } finally {
      await runner.release();
    }
  }
}
