import { UserChangedV1Definition } from '@gatehouse/contracts';
import type { EntityManager } from 'typeorm';
import { UserEntity } from '../directory/entities/user.entity';
import { groupNamesOf } from '../directory/group-sync';
import { newId } from '../directory/ids';
import { userChangedEvent } from '../directory/user-changed-event';
import { ScimError, ScimErrorCode } from './scim-error';
import type { ScimFilter } from './scim-filter';
import { compileScimFilter, type FilterColumns } from './scim-filter-sql';
import type { PatchOperation } from './scim-patch-op';
import { applyUserPatch } from './scim-user-patch';
import { userStateOf, type ScimUserRecord, type ScimUserState } from './scim-user-resource';
import type { ScimPage, ScimPageRequest, ScimStoreDeps } from './scim-store-deps';

const USER_COLUMNS: FilterColumns = {
  attributes: {
    id: { sql: 'u.id', type: 'caseExactString' },
    username: { sql: 'coalesce(s.user_name, u.email, u.id)', type: 'string' },
    externalid: { sql: 's.external_id', type: 'caseExactString' },
    displayname: { sql: 'u.display_name', type: 'string' },
    'name.givenname': { sql: 's.given_name', type: 'string' },
    'name.familyname': { sql: 's.family_name', type: 'string' },
    active: { sql: "(u.status = 'active')", type: 'boolean' },
    'meta.created': { sql: 'u.created_at', type: 'dateTime' },
    'meta.lastmodified': { sql: 'u.updated_at', type: 'dateTime' },
  },
  multiValued: {
    // The one stored email is presented as the primary work address.
    emails: {
      sub: {
        value: { sql: 'u.email', type: 'string' },
        type: { sql: "'work'", type: 'string' },
        primary: { sql: 'TRUE', type: 'boolean' },
      },
      some: (condition) => `(u.email IS NOT NULL AND ${condition})`,
    },
  },
};

const SELECT_USER = `SELECT u.id, u.email, u.display_name, u.status, u.revision, u.created_at, u.updated_at,
  s.user_name, s.external_id, s.given_name, s.family_name
  FROM users u LEFT JOIN scim_users s ON s.user_id = u.id`;

interface UserRow {
  id: string;
  email: string | null;
  display_name: string | null;
  status: ScimUserRecord['status'];
  revision: number;
  created_at: Date;
  updated_at: Date;
  user_name: string | null;
  external_id: string | null;
  given_name: string | null;
  family_name: string | null;
}

/**
 * SCIM's view of the directory's users. Every user of the tenant who is not deleted is visible,
 * including ones who signed in before SCIM knew them (their userName is their email), so an
 * IdP's "does this user exist" query links them instead of creating a duplicate. Deactivation
 * and deletion go through UserDirectory, which revokes the sessions in the same transaction.
 */
export class ScimUserStore {
  constructor(private readonly deps: ScimStoreDeps) {}

  async list(
    filter: ScimFilter | undefined,
    page: ScimPageRequest,
  ): Promise<ScimPage<ScimUserRecord>> {
    const params: unknown[] = [this.deps.orgId];
    const where = `u.org_id = $1 AND u.status <> 'deleted'${
      filter === undefined ? '' : ` AND ${compileScimFilter(filter, USER_COLUMNS, params)}`
    }`;
    const manager = this.deps.dataSource.manager;
    const counted: { total: string }[] = await manager.query(
      `SELECT count(*) AS total FROM users u LEFT JOIN scim_users s ON s.user_id = u.id WHERE ${where}`,
      params,
    );
    const rows: UserRow[] =
      page.count === 0
        ? []
        : await manager.query(
            `${SELECT_USER} WHERE ${where} ORDER BY u.created_at, u.id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
            [...params, page.startIndex - 1, page.count],
          );
    return {
      totalResults: Number(counted[0]?.total ?? 0),
      startIndex: page.startIndex,
      resources: rows.map(recordOf),
    };
  }

  async get(
    id: string,
    manager: EntityManager = this.deps.dataSource.manager,
  ): Promise<ScimUserRecord> {
    const rows: UserRow[] = await manager.query(
      `${SELECT_USER} WHERE u.id = $1 AND u.org_id = $2 AND u.status <> 'deleted'`,
      [id, this.deps.orgId],
    );
    const row = rows[0];
    if (row === undefined) throw notFound(id);
    return recordOf(row);
  }

  create(state: ScimUserState): Promise<ScimUserRecord> {
    return this.deps.dataSource.transaction(async (tx) => {
      await this.assertUnique(tx, state, null);
      const now = this.deps.clock();
      const user = tx.getRepository(UserEntity).create({
        id: newId('usr'),
        orgId: this.deps.orgId,
        teamId: null,
        issuer: null,
        externalSubject: null,
        email: state.email,
        displayName: state.displayName,
        status: 'active',
        revision: 1,
        createdAt: now,
        updatedAt: now,
        deactivatedAt: null,
      });
      await tx.getRepository(UserEntity).insert(user);
      await this.saveScimAttributes(tx, user.id, state);
      await this.publish(tx, user, 'provisioned');
      if (!state.active) await this.deps.directory.users.deactivate(user.id, this.change(), tx);
      return this.get(user.id, tx);
    });
  }

  replace(id: string, state: ScimUserState): Promise<ScimUserRecord> {
    return this.update(id, () => state);
  }

  patch(id: string, operations: readonly PatchOperation[]): Promise<ScimUserRecord> {
    return this.update(id, (current) => applyUserPatch(current, operations));
  }

  /** Deletes the user (sessions revoked, personal data erased) and their SCIM attributes. */
  delete(id: string): Promise<void> {
    return this.deps.dataSource.transaction(async (tx) => {
      await this.lockUser(tx, id);
      await tx.query('DELETE FROM scim_users WHERE user_id = $1', [id]);
      await this.deps.directory.users.delete(id, this.change(), tx);
    });
  }

  private update(
    id: string,
    next: (current: ScimUserState) => ScimUserState,
  ): Promise<ScimUserRecord> {
    return this.deps.dataSource.transaction(async (tx) => {
      const user = await this.lockUser(tx, id);
      const current = userStateOf(await this.get(id, tx));
      const state = next(current);
      await this.assertUnique(tx, state, id);
      const reactivate = state.active && user.status === 'deactivated';
      if (reactivate || changed(current, state)) {
        user.email = state.email;
        user.displayName = state.displayName;
        if (reactivate) {
          user.status = 'active';
          user.deactivatedAt = null;
        }
        user.revision += 1;
        user.updatedAt = this.deps.clock();
        await tx.getRepository(UserEntity).save(user);
        await this.saveScimAttributes(tx, id, state);
        await this.publish(tx, user, 'updated');
      }
      if (!state.active && user.status === 'active') {
        await this.deps.directory.users.deactivate(id, this.change(), tx);
      }
      return this.get(id, tx);
    });
  }

  private async lockUser(tx: EntityManager, id: string): Promise<UserEntity> {
    const user = await tx
      .getRepository(UserEntity)
      .findOne({ where: { id, orgId: this.deps.orgId }, lock: { mode: 'pessimistic_write' } });
    if (user === null || user.status === 'deleted') throw notFound(id);
    return user;
  }

  private async assertUnique(
    tx: EntityManager,
    state: ScimUserState,
    ownId: string | null,
  ): Promise<void> {
    const sameName: { id: string }[] = await tx.query(
      `SELECT u.id FROM users u LEFT JOIN scim_users s ON s.user_id = u.id
       WHERE u.org_id = $1 AND u.status <> 'deleted' AND lower(coalesce(s.user_name, u.email)) = lower($2)
         AND u.id IS DISTINCT FROM $3 LIMIT 1`,
      [this.deps.orgId, state.userName, ownId],
    );
    if (sameName[0] !== undefined) {
      throw new ScimError(
        ScimErrorCode.UNIQUENESS,
        `userName "${state.userName}" is already taken by ${sameName[0].id}`,
      );
    }
    if (state.email === null) return;
    const sameEmail: { id: string }[] = await tx.query(
      `SELECT id FROM users WHERE org_id = $1 AND lower(email) = lower($2) AND id IS DISTINCT FROM $3 LIMIT 1`,
      [this.deps.orgId, state.email, ownId],
    );
    if (sameEmail[0] !== undefined) {
      throw new ScimError(
        ScimErrorCode.UNIQUENESS,
        `email "${state.email}" is already taken by ${sameEmail[0].id}`,
      );
    }
  }

  private async saveScimAttributes(
    tx: EntityManager,
    userId: string,
    state: ScimUserState,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO scim_users (user_id, org_id, user_name, external_id, given_name, family_name)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET user_name = EXCLUDED.user_name, external_id = EXCLUDED.external_id,
         given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name`,
      [
        userId,
        this.deps.orgId,
        state.userName,
        state.externalId,
        state.givenName,
        state.familyName,
      ],
    );
  }

  private async publish(
    tx: EntityManager,
    user: UserEntity,
    change: 'provisioned' | 'updated',
  ): Promise<void> {
    const groups = await groupNamesOf(tx, user.id);
    const roles =
      user.status === 'active' ? (await this.deps.roles.resolve(tx, user.orgId, groups)).roles : [];
    await this.deps.directory.outbox.append(
      tx,
      UserChangedV1Definition,
      userChangedEvent(user, { groups, roles }, { change, source: 'scim', actor: this.deps.actor }),
    );
  }

  private change() {
    return { actor: this.deps.actor, source: 'scim' as const };
  }
}

/** Fields whose change is a directory update (activation is handled on its own). */
function changed(before: ScimUserState, after: ScimUserState): boolean {
  return (
    before.userName !== after.userName ||
    before.externalId !== after.externalId ||
    before.givenName !== after.givenName ||
    before.familyName !== after.familyName ||
    before.displayName !== after.displayName ||
    before.email !== after.email
  );
}

function recordOf(row: UserRow): ScimUserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    revision: row.revision,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    userName: row.user_name,
    externalId: row.external_id,
    givenName: row.given_name,
    familyName: row.family_name,
  };
}

function notFound(id: string): ScimError {
  return new ScimError(ScimErrorCode.NOT_FOUND, `User ${id} not found`);
}
