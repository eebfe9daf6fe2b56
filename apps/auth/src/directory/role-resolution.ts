import { DEFAULT_SESSION_LIFETIME_SECONDS } from './entities/role.entity';

/** One group→role mapping joined with its role, as the resolver needs it. */
export interface RoleGrant {
  readonly mappingId: string;
  readonly idpGroup: string;
  readonly roleName: string;
  /** Lower comes first. */
  readonly priority: number;
  readonly sessionLifetimeSeconds: number;
}

export interface ResolvedRoles {
  /** Granted roles, in mapping priority order, each once. */
  readonly roles: string[];
  /** Absolute session lifetime: the shortest among the granted roles. */
  readonly sessionLifetimeSeconds: number;
}

/**
 * Applies the ordered mappings to a user's groups. Group names match exactly (IdPs send them
 * verbatim). The session lifetime is the minimum over the granted roles, not the lifetime of the
 * highest-priority role: a short lifetime is a security control (e.g. 4 h for `admin`), and a
 * session that carries a role's privileges must honour it, whatever other roles come along.
 * A user without any granted role gets the default lifetime (12 h).
 */
export function resolveRoles(
  groups: readonly string[],
  grants: readonly RoleGrant[],
  defaultLifetimeSeconds: number = DEFAULT_SESSION_LIFETIME_SECONDS,
): ResolvedRoles {
  const memberOf = new Set(groups);
  const ordered = [...grants].sort(
    (a, b) => a.priority - b.priority || a.mappingId.localeCompare(b.mappingId),
  );
  const roles: string[] = [];
  let lifetime = Number.POSITIVE_INFINITY;
  for (const grant of ordered) {
    if (!memberOf.has(grant.idpGroup)) continue;
    if (!roles.includes(grant.roleName)) roles.push(grant.roleName);
    lifetime = Math.min(lifetime, grant.sessionLifetimeSeconds);
  }
  return {
    roles,
    sessionLifetimeSeconds: roles.length === 0 ? defaultLifetimeSeconds : lifetime,
  };
}
