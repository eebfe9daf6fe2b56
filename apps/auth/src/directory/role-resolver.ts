import type { EntityManager } from 'typeorm';
import { resolveRoles, type ResolvedRoles, type RoleGrant } from './role-resolution';

/** Loads the mappings that could apply to a user's groups and resolves them (role-resolution.ts). */
export class RoleResolver {
  constructor(private readonly defaultLifetimeSeconds?: number) {}

  async resolve(
    manager: EntityManager,
    orgId: string,
    groups: readonly string[],
  ): Promise<ResolvedRoles> {
    if (groups.length === 0) return resolveRoles([], [], this.defaultLifetimeSeconds);
    const rows: {
      mapping_id: string;
      idp_group: string;
      role_name: string;
      priority: number;
      session_lifetime_seconds: number;
    }[] = await manager.query(
      `SELECT m.id AS mapping_id, m.idp_group, r.name AS role_name, m.priority, r.session_lifetime_seconds
       FROM group_role_mappings m JOIN roles r ON r.id = m.role_id
       WHERE m.org_id = $1 AND m.idp_group = ANY($2::text[])`,
      [orgId, [...groups]],
    );
    const grants: RoleGrant[] = rows.map((row) => ({
      mappingId: row.mapping_id,
      idpGroup: row.idp_group,
      roleName: row.role_name,
      priority: row.priority,
      sessionLifetimeSeconds: row.session_lifetime_seconds,
    }));
    return resolveRoles(groups, grants, this.defaultLifetimeSeconds);
  }
}
