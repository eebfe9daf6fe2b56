import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from '@gatehouse/access-token';
import {
  ServiceAccountKeyV1Definition,
  type Actor,
  type ServiceAccountKeyV1,
} from '@gatehouse/contracts';
import { IsNull, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { systemActor } from './actors';
import type { Clock } from './clock';
import { DirectoryError, DirectoryErrorCode } from './directory-error';
import { ServiceAccountKeyEntity } from './entities/service-account-key.entity';
import { ServiceAccountEntity } from './entities/service-account.entity';
import { newId } from './ids';

export interface CreatedKey {
  keyId: string;
  /** The full `gh_sk_…` key: returned exactly once, never stored or logged. */
  key: string;
  keyPrefix: string;
  expiresAt: Date | null;
}

export interface KeyOptions {
  scopes: readonly string[];
  expiresAt: Date | null;
  actor: Actor;
}

/**
 * API keys of service accounts: created and shown once, stored as `sha256:` hashes, rotated,
 * revoked and expired. Each change writes `identity.service_account_key` to the outbox in the
 * same transaction; proxies recognise keys from that compacted topic.
 */
export class ServiceAccountKeys {
  constructor(
    private readonly deps: { dataSource: DataSource; outbox: OutboxWriter; clock: Clock },
  ) {}

  create(serviceAccountId: string, options: KeyOptions): Promise<CreatedKey> {
    return this.deps.dataSource.transaction(async (tx) => {
      const account = await this.activeAccount(tx, serviceAccountId);
      return this.insertKey(tx, account, options, null);
    });
  }

  /**
   * Issues a replacement key (`rotated`). With no grace period the old key is revoked at once;
   * with one, it keeps working until `now + graceSeconds` and `expireDue` revokes it then.
   */
  rotate(keyId: string, options: KeyOptions & { graceSeconds?: number }): Promise<CreatedKey> {
    return this.deps.dataSource.transaction(async (tx) => {
      const old = await this.liveKey(tx, keyId);
      const account = await this.activeAccount(tx, old.serviceAccountId);
      const created = await this.insertKey(tx, account, options, old.id);
      const now = this.deps.clock();
      const graceMs = (options.graceSeconds ?? 0) * 1000;
      if (graceMs <= 0) {
        await this.revokeKey(tx, account, old, options.actor);
      } else {
        const graceEnd = new Date(now.getTime() + graceMs);
        if (old.expiresAt === null || old.expiresAt > graceEnd) {
          await tx
            .getRepository(ServiceAccountKeyEntity)
            .update({ id: old.id }, { expiresAt: graceEnd });
        }
      }
      return created;
    });
  }

  /** Revokes a key now. Idempotent: revoking a revoked key changes nothing. */
  revoke(keyId: string, actor: Actor): Promise<void> {
    return this.deps.dataSource.transaction(async (tx) => {
      const key = await tx
        .getRepository(ServiceAccountKeyEntity)
        .findOne({ where: { id: keyId }, lock: { mode: 'pessimistic_write' } });
      if (key === null)
        throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `key ${keyId} not found`);
      if (key.revokedAt !== null) return;
      const account = await tx
        .getRepository(ServiceAccountEntity)
        .findOneByOrFail({ id: key.serviceAccountId });
      await this.revokeKey(tx, account, key, actor);
    });
  }

  /**
   * Revokes keys whose expiry has passed (set lifetime or end of a rotation grace period) and
   * publishes the revocation. Run periodically; several replicas may run it at once because
   * rows are claimed with SKIP LOCKED. Returns the ids revoked.
   */
  expireDue(limit = 500): Promise<string[]> {
    return this.deps.dataSource.transaction(async (tx) => {
      const now = this.deps.clock();
      const due = await tx.getRepository(ServiceAccountKeyEntity).find({
        where: { revokedAt: IsNull(), expiresAt: LessThanOrEqual(now) },
        order: { expiresAt: 'ASC' },
        take: limit,
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
      });
      for (const key of due) {
        const account = await tx
          .getRepository(ServiceAccountEntity)
          .findOneByOrFail({ id: key.serviceAccountId });
        await this.revokeKey(tx, account, key, systemActor('service-account-key-expiry'));
      }
      return due.map((key) => key.id);
    });
  }

  async listKeys(serviceAccountId: string): Promise<ServiceAccountKeyEntity[]> {
    return this.deps.dataSource.getRepository(ServiceAccountKeyEntity).find({
      where: { serviceAccountId, revokedAt: IsNull() },
      order: { createdAt: 'ASC' },
    });
  }

  private async insertKey(
    tx: EntityManager,
    account: ServiceAccountEntity,
    options: KeyOptions,
    rotatedFromKeyId: string | null,
  ): Promise<CreatedKey> {
    const now = this.deps.clock();
    if (options.expiresAt !== null && options.expiresAt <= now) {
      throw new DirectoryError(
        DirectoryErrorCode.INVALID_INPUT,
        'a key expiry must be in the future',
      );
    }
    const key = generateApiKey();
    const row = tx.getRepository(ServiceAccountKeyEntity).create({
      id: newId('sak'),
      serviceAccountId: account.id,
      keyHash: hashApiKey(key),
      keyPrefix: apiKeyDisplayPrefix(key),
      scopes: [...options.scopes],
      createdAt: now,
      expiresAt: options.expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      rotatedFromKeyId,
    });
    await tx.getRepository(ServiceAccountKeyEntity).insert(row);
    await this.publish(tx, account, row, {
      change: rotatedFromKeyId === null ? 'created' : 'rotated',
      actor: options.actor,
    });
    return { keyId: row.id, key, keyPrefix: row.keyPrefix, expiresAt: row.expiresAt };
  }

  private async revokeKey(
    tx: EntityManager,
    account: ServiceAccountEntity,
    key: ServiceAccountKeyEntity,
    actor: Actor,
  ): Promise<void> {
    key.revokedAt = this.deps.clock();
    await tx
      .getRepository(ServiceAccountKeyEntity)
      .update({ id: key.id }, { revokedAt: key.revokedAt });
    await this.publish(tx, account, key, { change: 'revoked', actor });
  }

  private async publish(
    tx: EntityManager,
    account: ServiceAccountEntity,
    key: ServiceAccountKeyEntity,
    change: { change: ServiceAccountKeyV1['change']; actor: Actor },
  ): Promise<void> {
    await this.deps.outbox.append(tx, ServiceAccountKeyV1Definition, {
      type: 'identity.service_account_key',
      version: 1,
      id: newId('evt'),
      occurredAt: this.deps.clock().toISOString(),
      keyId: key.id,
      serviceAccountId: account.id,
      orgId: account.orgId,
      teamId: account.ownerTeamId,
      change: change.change,
      status: change.change === 'revoked' ? 'revoked' : 'active',
      keyPrefix: key.keyPrefix,
      keyHash: key.keyHash,
      rotatedFromKeyId: change.change === 'rotated' ? key.rotatedFromKeyId : null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      actor: change.actor,
    });
  }

  private async activeAccount(tx: EntityManager, id: string): Promise<ServiceAccountEntity> {
    const account = await tx
      .getRepository(ServiceAccountEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
    if (account === null)
      throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `service account ${id} not found`);
    if (account.status !== 'active') {
      throw new DirectoryError(
        DirectoryErrorCode.CREDENTIAL_INACTIVE,
        `service account ${id} is ${account.status}`,
      );
    }
    return account;
  }

  private async liveKey(tx: EntityManager, keyId: string): Promise<ServiceAccountKeyEntity> {
    const key = await tx
      .getRepository(ServiceAccountKeyEntity)
      .findOne({ where: { id: keyId }, lock: { mode: 'pessimistic_write' } });
    if (key === null)
      throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `key ${keyId} not found`);
    const now = this.deps.clock();
    if (key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= now)) {
      throw new DirectoryError(
        DirectoryErrorCode.CREDENTIAL_INACTIVE,
        `key ${keyId} is revoked or expired`,
      );
    }
    return key;
  }
}
