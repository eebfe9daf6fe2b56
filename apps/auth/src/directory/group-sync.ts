import type { EntityManager } from 'typeorm';
import { newId } from './ids';
import { returnedRows } from './transactions';

/**
 * Makes the user's memberships in IdP-sourced groups equal to the login's groups claim, creating
 * groups on first sight. SCIM-sourced memberships are left alone: SCIM owns those.
 * Returns true when any membership changed.
 */
export async function syncIdpGroups(
  manager: EntityManager,
  input: { orgId: string; userId: string; groups: readonly string[]; now: Date },
): Promise<boolean> {
  const names = [...new Set(input.groups)];
  const groupIds: string[] = [];
  for (const name of names) {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO groups (id, org_id, external_id, display_name, source, created_at, updated_at)
       VALUES ($1, $2, $3, $3, 'idp', $4, $4)
       ON CONFLICT (org_id, source, external_id) DO UPDATE SET external_id = EXCLUDED.external_id
       RETURNING id`,
      [newId('grp'), input.orgId, name, input.now],
    );
    const id = rows[0]?.id;
    if (id !== undefined) groupIds.push(id);
  }
  const removed = returnedRows<{ group_id: string }>(
    await manager.query(
      `DELETE FROM group_members gm USING groups g
     WHERE gm.group_id = g.id AND g.source = 'idp' AND gm.user_id = $1 AND NOT (gm.group_id = ANY($2::text[]))
     RETURNING gm.group_id`,
      [input.userId, groupIds],
    ),
  );
  const added: { group_id: string }[] = await manager.query(
    `INSERT INTO group_members (group_id, user_id, added_at)
     SELECT unnest($2::text[]), $1, $3
     ON CONFLICT (group_id, user_id) DO NOTHING
     RETURNING group_id`,
    [input.userId, groupIds, input.now],
  );
  return removed.length > 0 || added.length > 0;
}

/** Names of every group the user is a member of (IdP and SCIM), sorted. */
export async function groupNamesOf(manager: EntityManager, userId: string): Promise<string[]> {
  const rows: { display_name: string }[] = await manager.query(
    `SELECT DISTINCT g.display_name FROM group_members gm JOIN groups g ON g.id = gm.group_id
     WHERE gm.user_id = $1 ORDER BY g.display_name`,
    [userId],
  );
  return rows.map((row) => row.display_name);
}
