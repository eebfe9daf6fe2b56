import type { Principal } from '@gatehouse/access-token';
import type { DataSource } from 'typeorm';
import type { Clock } from '../directory/clock';
import { ServiceAccountKeyEntity } from '../directory/entities/service-account-key.entity';
import { ServiceAccountEntity } from '../directory/entities/service-account.entity';
import type { CreatedKey, ServiceAccountKeys } from '../directory/service-account-keys';
import type { ServiceAccounts } from '../directory/service-accounts';
import { actorOf } from './admin-caller';
import { AdminError, AdminErrorCode } from './admin-error';
import type {
  createKeyBody,
  createServiceAccountBody,
  rotateKeyBody,
} from './admin-request-schemas';
import type { z } from 'zod';

export interface ServiceAccountAdminDeps {
  readonly dataSource: DataSource;
  readonly accounts: Pick<ServiceAccounts, 'create' | 'findById'>;
  readonly keys: Pick<ServiceAccountKeys, 'create' | 'rotate' | 'revoke' | 'listKeys'>;
  readonly clock: Clock;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Service accounts and their API keys for one organisation's admins. A key is returned once,
 * by create and rotate; listings show only its display prefix and metadata.
 */
export class ServiceAccountAdmin {
  constructor(private readonly deps: ServiceAccountAdminDeps) {}

  async list(caller: Principal): Promise<Record<string, unknown>> {
    const accounts = await this.deps.dataSource
      .getRepository(ServiceAccountEntity)
      .find({ where: { orgId: caller.orgId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { serviceAccounts: accounts.map(accountView) };
  }

  async create(
    body: z.output<typeof createServiceAccountBody>,
    caller: Principal,
  ): Promise<Record<string, unknown>> {
    if (body.org !== undefined && body.org !== caller.orgId) {
      throw new AdminError(
        AdminErrorCode.NOT_ADMIN,
        `you administer organisation ${caller.orgId}, not ${body.org}`,
      );
    }
    const account = await this.deps.accounts.create({
      orgId: caller.orgId,
      name: body.name,
      ownerTeamId: body.team ?? null,
    });
    return accountView(account);
  }

  async createKey(
    accountId: string,
    body: z.output<typeof createKeyBody>,
    caller: Principal,
  ): Promise<Record<string, unknown>> {
    await this.accountOf(accountId, caller);
    const created = await this.deps.keys.create(accountId, {
      scopes: body.scopes,
      expiresAt: this.expiryOf(body.expiresInDays),
      actor: actorOf(caller),
    });
    return createdKeyView(accountId, created, body.scopes, null);
  }

  async rotateKey(
    accountId: string,
    keyId: string,
    body: z.output<typeof rotateKeyBody>,
    caller: Principal,
  ): Promise<Record<string, unknown>> {
    const old = await this.keyOf(accountId, keyId, caller);
    const scopes = body.scopes ?? old.scopes;
    const created = await this.deps.keys.rotate(keyId, {
      scopes,
      expiresAt: this.expiryOf(body.expiresInDays),
      actor: actorOf(caller),
      graceSeconds: body.graceSeconds,
    });
    const after = await this.findKey(keyId);
    return {
      ...createdKeyView(accountId, created, scopes, keyId),
      previousKey: {
        keyId,
        expiresAt: after?.expiresAt?.toISOString() ?? null,
        revokedAt: after?.revokedAt?.toISOString() ?? null,
      },
    };
  }

  async revokeKey(
    accountId: string,
    keyId: string,
    caller: Principal,
  ): Promise<Record<string, unknown>> {
    await this.keyOf(accountId, keyId, caller);
    await this.deps.keys.revoke(keyId, actorOf(caller));
    const after = await this.findKey(keyId);
    return {
      keyId,
      serviceAccountId: accountId,
      revokedAt: after?.revokedAt?.toISOString() ?? null,
    };
  }

  async listKeys(accountId: string, caller: Principal): Promise<Record<string, unknown>> {
    await this.accountOf(accountId, caller);
    const keys = await this.deps.keys.listKeys(accountId);
    return { serviceAccountId: accountId, keys: keys.map(keyView) };
  }

  private expiryOf(days: number | null | undefined): Date | null {
    if (days === undefined || days === null) return null;
    return new Date(this.deps.clock().getTime() + days * DAY_MS);
  }

  /** Accounts of other organisations are reported as unknown, like missing ones. */
  private async accountOf(accountId: string, caller: Principal): Promise<ServiceAccountEntity> {
    const account = await this.deps.accounts.findById(accountId);
    if (account === null || account.orgId !== caller.orgId) {
      throw new AdminError(AdminErrorCode.NOT_FOUND, `service account ${accountId} not found`);
    }
    return account;
  }

  private async keyOf(
    accountId: string,
    keyId: string,
    caller: Principal,
  ): Promise<ServiceAccountKeyEntity> {
    await this.accountOf(accountId, caller);
    const key = await this.findKey(keyId);
    if (key === null || key.serviceAccountId !== accountId) {
      throw new AdminError(
        AdminErrorCode.NOT_FOUND,
        `key ${keyId} of service account ${accountId} not found`,
      );
    }
    return key;
  }

  private findKey(keyId: string): Promise<ServiceAccountKeyEntity | null> {
    return this.deps.dataSource.getRepository(ServiceAccountKeyEntity).findOneBy({ id: keyId });
  }
}

function accountView(account: ServiceAccountEntity): Record<string, unknown> {
  return {
    id: account.id,
    orgId: account.orgId,
    name: account.name,
    team: account.ownerTeamId,
    status: account.status,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

/** The only view that carries the key itself. */
function createdKeyView(
  accountId: string,
  created: CreatedKey,
  scopes: readonly string[],
  rotatedFromKeyId: string | null,
): Record<string, unknown> {
  return {
    serviceAccountId: accountId,
    keyId: created.keyId,
    key: created.key,
    keyPrefix: created.keyPrefix,
    scopes: [...scopes],
    expiresAt: created.expiresAt?.toISOString() ?? null,
    rotatedFromKeyId,
  };
}

function keyView(key: ServiceAccountKeyEntity): Record<string, unknown> {
  return {
    keyId: key.id,
    keyPrefix: key.keyPrefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    rotatedFromKeyId: key.rotatedFromKeyId,
  };
}
