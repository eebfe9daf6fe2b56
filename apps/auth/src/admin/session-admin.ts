import type { Principal } from '@gatehouse/access-token';
import type { SessionStore } from '../directory/session-store';
import { actorOf } from './admin-caller';
import { AdminError, AdminErrorCode } from './admin-error';

export type AdminSessions = Pick<
  SessionStore,
  'findSession' | 'revokeSession' | 'revokeAllForUser'
>;

/** The part of UserDirectory the admin API reads. */
export interface AdminUserLookup {
  findById(userId: string): Promise<{ id: string; orgId: string } | undefined>;
}

/**
 * Revokes one session. The revocation and its `identity.session_revoked` event are written in
 * one transaction, so the relay carries it to the proxies' revocation topic within a second.
 */
export async function revokeOneSession(
  sessions: AdminSessions,
  sessionId: string,
  caller: Principal,
): Promise<Record<string, unknown>> {
  const session = await sessions.findSession(sessionId);
  // Sessions of other organisations are reported as unknown: their existence is not the caller's business.
  if (session === null || session.orgId !== caller.orgId) {
    throw new AdminError(AdminErrorCode.NOT_FOUND, `session ${sessionId} not found`);
  }
  const changed = await sessions.revokeSession(sessionId, {
    reason: 'admin_revoked',
    actor: actorOf(caller),
  });
  const after = await sessions.findSession(sessionId);
  return {
    sessionId,
    userId: session.userId,
    changed,
    revokedAt: after?.revokedAt?.toISOString() ?? null,
    revokeReason: after?.revokeReason ?? null,
  };
}

/** Revokes every session of a user and publishes a user-wide cut-off, even with none live. */
export async function revokeUserSessions(
  sessions: AdminSessions,
  users: AdminUserLookup,
  userId: string,
  caller: Principal,
): Promise<Record<string, unknown>> {
  const user = await users.findById(userId);
  if (user === undefined || user.orgId !== caller.orgId) {
    throw new AdminError(AdminErrorCode.NOT_FOUND, `user ${userId} not found`);
  }
  const revokedSessions = await sessions.revokeAllForUser(
    { id: user.id, orgId: user.orgId },
    { reason: 'admin_revoked', actor: actorOf(caller) },
  );
  return { userId, revokedSessions };
}
