import { SigningKeyV1Definition } from '@gatehouse/contracts';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { OutboxWriter } from '../outbox/outbox-writer';
import type { Clock } from './clock';
import { DirectoryError, DirectoryErrorCode } from './directory-error';
import {
  SigningKeyEntity,
  type PublicJwk,
  type SigningKeyStatus,
} from './entities/signing-key.entity';
import { newId } from './ids';
import type { KeyEncryption } from './key-encryption';

export interface NewSigningKey {
  kid: string;
  publicJwk: PublicJwk;
  /** The private key in whatever text form the signer uses (PKCS#8 PEM or JWK JSON). */
  privateKey: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Token signing keys at rest: the private half sealed with AES-256-GCM, each status change
 * published as `identity.signing_key` so proxies learn public keys before tokens use them.
 */
export class SigningKeyStore {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      outbox: OutboxWriter;
      encryption: KeyEncryption;
      clock: Clock;
    },
  ) {}

  add(key: NewSigningKey): Promise<SigningKeyEntity> {
    return this.deps.dataSource.transaction(async (tx) => {
      const row = tx.getRepository(SigningKeyEntity).create({
        kid: key.kid,
        alg: key.publicJwk.alg,
        publicJwk: key.publicJwk,
        privateKeyEncrypted: this.deps.encryption.seal(key.privateKey, key.kid),
        status: 'active',
        notBefore: key.notBefore,
        notAfter: key.notAfter,
        createdAt: this.deps.clock(),
      });
      await this.publish(tx, row);
      await tx.getRepository(SigningKeyEntity).insert(row);
      return row;
    });
  }

  setStatus(kid: string, status: SigningKeyStatus): Promise<SigningKeyEntity> {
    return this.deps.dataSource.transaction(async (tx) => {
      const row = await tx
        .getRepository(SigningKeyEntity)
        .findOne({ where: { kid }, lock: { mode: 'pessimistic_write' } });
      if (row === null)
        throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `signing key ${kid} not found`);
      if (row.status === status) return row;
      row.status = status;
      await tx.getRepository(SigningKeyEntity).update({ kid }, { status });
      await this.publish(tx, row);
      return row;
    });
  }

  /** The decrypted private key of a key that may still sign. */
  async privateKeyOf(kid: string): Promise<string> {
    const row = await this.deps.dataSource.getRepository(SigningKeyEntity).findOneBy({ kid });
    if (row === null || row.status !== 'active') {
      throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `no active signing key ${kid}`);
    }
    return this.deps.encryption.open(row.privateKeyEncrypted, kid);
  }

  /** Keys that belong in the JWKS: active and retiring ones. */
  async published(): Promise<SigningKeyEntity[]> {
    return this.deps.dataSource.getRepository(SigningKeyEntity).find({
      where: { status: In(['active', 'retiring']) },
      order: { notBefore: 'ASC' },
    });
  }

  private async publish(tx: EntityManager, row: SigningKeyEntity): Promise<void> {
    await this.deps.outbox.append(tx, SigningKeyV1Definition, {
      type: 'identity.signing_key',
      version: 1,
      id: newId('evt'),
      occurredAt: this.deps.clock().toISOString(),
      kid: row.kid,
      status: row.status,
      publicJwk: row.publicJwk,
      notBefore: row.notBefore.toISOString(),
      notAfter: row.notAfter.toISOString(),
    });
  }
}
