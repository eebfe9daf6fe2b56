import type { Principal } from '@gatehouse/access-token';
import type { Actor } from '@gatehouse/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { CallerAuthenticator } from '../policy/caller-authenticator';
import { AdminError, AdminErrorCode } from './admin-error';

/** Roles allowed to use the admin API unless the wiring says otherwise. */
export const DEFAULT_ADMIN_ROLES: readonly string[] = ['gatehouse-admin'];

/** The verified caller, refused with 401 (no or bad token), 503 (no keys) or 403 (no admin role). */
export async function requireAdmin(
  authenticator: CallerAuthenticator,
  headers: IncomingHttpHeaders,
  adminRoles: readonly string[],
): Promise<Principal> {
  const result = await authenticator.authenticate(headers);
  if (!result.ok) {
    throw new AdminError(
      result.status === 503 ? AdminErrorCode.KEYS_UNAVAILABLE : AdminErrorCode.UNAUTHENTICATED,
      result.message,
    );
  }
  if (!result.principal.roles.some((role) => adminRoles.includes(role))) {
    throw new AdminError(
      AdminErrorCode.NOT_ADMIN,
      `the admin API needs one of the roles ${adminRoles.join(', ')}`,
    );
  }
  return result.principal;
}

/** Who made the change, as recorded in the outbox events. */
export function actorOf(caller: Principal): Actor {
  return {
    type: caller.principalType === 'service_account' ? 'service_account' : 'user',
    id: caller.userId,
    email: caller.email,
  };
}
