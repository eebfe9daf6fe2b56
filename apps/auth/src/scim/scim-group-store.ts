import type { EntityManager } from 'typeorm';
import { newId } from '../directory/ids';
import { ScimError, ScimErrorCode } from './scim-error';
import type { ScimFilter } from './scim-filter';
import { compileScimFilter, type FilterColumns } from './scim-filter-sql';
import { applyGroupPatch } from './scim-group-patch';
import type { ScimGroupMember, ScimGroupRecord, ScimGroupState } from './scim-group-resource';
import { publishMembershipChanges } from './scim-membership-events';
import type { PatchOperation } from './scim-patch-op';
import type { ScimPage, ScimPageRequest, ScimStoreDeps } from './scim-store-deps';

/** A SCIM group without an externalId stores its own id there (the column is the upsert key). */
const EXTERNAL_ID_SQL = '(CASE WHEN g.external_id = g.id THEN NULL ELSE g.external_id END)';

const GROUP_COLUMNS: FilterColumns = {
  attributes: {
    id: { sql: 'g.id', type: 'caseExactString' },
    displayname: { sql: 'g.display_name', type: 'string' },
    externalid: { sql: EXTERNAL_ID_SQL, type: 'caseExactString' },
    'meta.created': { sql: 'g.created_at', type: 'dateTime' },
    'meta.lastmodified': { sql: 'g.updated_at', type: 'dateTime' },
  },
  multiValued: {
    members: {
      sub: {
        value: { sql: 'gm.user_id', type: 'caseExactString' },
        display: { sql: 'coalesce(mu.email, mu.display_name)', type: 'string' },
        type: { sql: "'User'", type: 'string' },
      },
      some: (condition) =>
        `EXISTS (SELECT 1 FROM group_members gm JOIN users mu ON mu.id = gm.user_id WHERE gm.group_id = g.id AND ${condition})`,
    },
  },
};

const SELECT_GROUP = `SELECT g.id, g.display_name, ${EXTERNAL_ID_SQL} AS external_id, g.created_at, g.updated_at FROM groups g`;

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * SCIM-pushed groups (`source = 'scim'`). Groups from the login token's groups claim are the
 * IdP's other channel and stay invisible here. Role mappings match a group's displayName, so a
 * membership change or a rename rewrites the affected users' `user_changed` state in the same
 * transaction.
 */
export class ScimGroupStore {
  constructor(private readonly deps: ScimStoreDeps) {}

  async list(
    filter: ScimFilter | undefined,
    page: ScimPageRequest,
    withMembers: boolean,
  ): Promise<ScimPage<ScimGroupRecord>> {
    const params: unknown[] = [this.deps.orgId];
    const where = `g.org_id = $1 AND g.source = 'scim'${
      filter === undefined ? '' : ` AND ${compileScimFilter(filter, GROUP_COLUMNS, params)}`
    }`;
    const manager = this.deps.dataSource.manager;
    const counted: { total: string }[] = await manager.query(
      `SELECT count(*) AS total FROM groups g WHERE ${where}`,
      params,
    );
    const rows: GroupRow[] =
      page.count === 0
        ? []
        : await manager.query(
            `${SELECT_GROUP} WHERE ${where} ORDER BY g.created_at, g.id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
            [...params, page.startIndex - 1, page.count],
          );
    const members = withMembers
      ? await membersOf(
          manager,
          rows.map((row) => row.id),
        )
      : undefined;
    return {
      totalResults: Number(counted[0]?.total ?? 0),
      startIndex: page.startIndex,
      resources: rows.map((row) =>
        recordOf(row, members?.get(row.id) ?? (withMembers ? [] : undefined)),
      ),
    };
  }

  async get(
    id: string,
    withMembers: boolean,
    manager: EntityManager = this.deps.dataSource.manager,
  ): Promise<ScimGroupRecord> {
    const rows: GroupRow[] = await manager.query(
      `${SELECT_GROUP} WHERE g.id = $1 AND g.org_id = $2 AND g.source = 'scim'`,
      [id, this.deps.orgId],
    );
    const row = rows[0];
    if (row === undefined) throw notFound(id);
    const members = withMembers ? ((await membersOf(manager, [id])).get(id) ?? []) : undefined;
    return recordOf(row, members);
  }

  create(state: ScimGroupState): Promise<ScimGroupRecord> {
    return this.deps.dataSource.transaction(async (tx) => {
      await this.assertNameFree(tx, state.displayName, null);
      const id = newId('grp');
      const now = this.deps.clock();
      await tx.query(
        `INSERT INTO groups (id, org_id, external_id, display_name, source, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'scim', $5, $5)`,
        [id, this.deps.orgId, state.externalId ?? id, state.displayName, now],
      );
      const members = await this.existingUsers(tx, state.members);
      await this.addMembers(tx, id, members, now);
      await publishMembershipChanges(tx, this.deps, members);
      return this.get(id, true, tx);
    });
  }

  replace(id: string, state: ScimGroupState): Promise<ScimGroupRecord> {
    return this.update(id, () => state);
  }

  patch(id: string, operations: readonly PatchOperation[]): Promise<ScimGroupRecord> {
    return this.update(id, (current) => applyGroupPatch(current, operations));
  }

  delete(id: string): Promise<void> {
    return this.deps.dataSource.transaction(async (tx) => {
      const current = await this.lockGroup(tx, id);
      await tx.query('DELETE FROM groups WHERE id = $1', [id]);
      await publishMembershipChanges(tx, this.deps, current.members);
    });
  }

  private update(
    id: string,
    next: (current: ScimGroupState) => ScimGroupState,
  ): Promise<ScimGroupRecord> {
    return this.deps.dataSource.transaction(async (tx) => {
      const current = await this.lockGroup(tx, id);
      const state = next(current);
      const now = this.deps.clock();
      const renamed = state.displayName !== current.displayName;
      if (renamed) await this.assertNameFree(tx, state.displayName, id);
      const wanted = await this.existingUsers(tx, state.members);
      const before = new Set(current.members);
      const after = new Set(wanted);
      const added = wanted.filter((userId) => !before.has(userId));
      const removed = current.members.filter((userId) => !after.has(userId));
      const changed =
        renamed ||
        state.externalId !== current.externalId ||
        added.length > 0 ||
        removed.length > 0;
      if (!changed) return this.get(id, true, tx);

      await tx.query(
        'UPDATE groups SET display_name = $2, external_id = $3, updated_at = $4 WHERE id = $1',
        [id, state.displayName, state.externalId ?? id, now],
      );
      if (removed.length > 0) {
        await tx.query(
          'DELETE FROM group_members WHERE group_id = $1 AND user_id = ANY($2::text[])',
          [id, removed],
        );
      }
      await this.addMembers(tx, id, added, now);
      // A rename changes every member's group names, and so possibly their roles.
      const affected = renamed ? [...before, ...added] : [...added, ...removed];
      await publishMembershipChanges(tx, this.deps, affected);
      return this.get(id, true, tx);
    });
  }

  /** Locks the group row (NO KEY UPDATE, so member inserts' foreign-key checks still pass). */
  private async lockGroup(tx: EntityManager, id: string): Promise<ScimGroupState> {
    const rows: GroupRow[] = await tx.query(
      `${SELECT_GROUP} WHERE g.id = $1 AND g.org_id = $2 AND g.source = 'scim' FOR NO KEY UPDATE`,
      [id, this.deps.orgId],
    );
    const row = rows[0];
    if (row === undefined) throw notFound(id);
    const members = (await membersOf(tx, [id])).get(id) ?? [];
    return {
      displayName: row.display_name,
      externalId: row.external_id,
      members: members.map((member) => member.userId),
    };
  }

  /** Group names are what role mappings match, so two SCIM groups may not share one. */
  private async assertNameFree(
    tx: EntityManager,
    displayName: string,
    ownId: string | null,
  ): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `scim-group-names\n${this.deps.orgId}`,
    ]);
    const clash: { id: string }[] = await tx.query(
      `SELECT id FROM groups WHERE org_id = $1 AND source = 'scim' AND lower(display_name) = lower($2)
         AND id IS DISTINCT FROM $3 LIMIT 1`,
      [this.deps.orgId, displayName, ownId],
    );
    if (clash[0] !== undefined) {
      throw new ScimError(
        ScimErrorCode.UNIQUENESS,
        `a group named "${displayName}" already exists (${clash[0].id})`,
      );
    }
  }

  /**
   * The ids that name live users of this tenant, in the order given. Ids of unknown or deleted
   * users are dropped rather than failing the whole membership change: an IdP retrying a batch
   * that mentions one since-deleted user must still apply the rest (docs/scim.md).
   */
  private async existingUsers(tx: EntityManager, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM users WHERE org_id = $1 AND status <> 'deleted' AND id = ANY($2::text[])`,
      [this.deps.orgId, [...ids]],
    );
    const known = new Set(rows.map((row) => row.id));
    return ids.filter((id) => known.has(id));
  }

  private async addMembers(
    tx: EntityManager,
    groupId: string,
    userIds: readonly string[],
    now: Date,
  ): Promise<void> {
    if (userIds.length === 0) return;
    await tx.query(
      `INSERT INTO group_members (group_id, user_id, added_at)
       SELECT $1, unnest($2::text[]), $3 ON CONFLICT (group_id, user_id) DO NOTHING`,
      [groupId, [...userIds], now],
    );
  }
}

async function membersOf(
  manager: EntityManager,
  groupIds: readonly string[],
): Promise<Map<string, ScimGroupMember[]>> {
  const result = new Map<string, ScimGroupMember[]>();
  if (groupIds.length === 0) return result;
  const rows: { group_id: string; user_id: string; display: string | null }[] = await manager.query(
    `SELECT gm.group_id, gm.user_id, coalesce(u.email, u.display_name) AS display
     FROM group_members gm JOIN users u ON u.id = gm.user_id
     WHERE gm.group_id = ANY($1::text[]) ORDER BY gm.added_at, gm.user_id`,
    [[...groupIds]],
  );
  for (const row of rows) {
    const list = result.get(row.group_id) ?? [];
    list.push({ userId: row.user_id, display: row.display });
    result.set(row.group_id, list);
  }
  return result;
}

function recordOf(row: GroupRow, members: ScimGroupMember[] | undefined): ScimGroupRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    externalId: row.external_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    members,
  };
}

function notFound(id: string): ScimError {
  return new ScimError(ScimErrorCode.NOT_FOUND, `Group ${id} not found`);
}
