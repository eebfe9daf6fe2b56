import { z } from 'zod';
import { actor, isoDateTime, orgId, Retention, sessionId, userId } from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * A revocation the proxy enforces locally. Access tokens carry `sub` (user), `sid` (session) and
 * `iat`; a token is rejected when its `sid` is revoked, or when it was issued at or before its
 * user's `revokedBefore` ("sign out everywhere", deactivation). Entries are kept in memory only
 * until `expiresAt`, when every token they could match has expired anyway.
 */
export const sessionRevokedV1Schema = z
  .strictObject({
    type: z.literal('identity.session_revoked'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    scope: z
      .enum(['session', 'user'])
      .describe(
        '`session` revokes one session; `user` revokes every session of the user issued before `revokedBefore`.',
      ),
    sessionId: sessionId
      .nullable()
      .describe('Revoked session; required for scope `session`, null for scope `user`.'),
    userId: userId.describe('Owner of the session(s).'),
    orgId,
    reason: z
      .enum([
        'logout',
        'admin_revoked',
        'user_deactivated',
        'user_deleted',
        'refresh_token_reuse',
        'idp_logout',
      ])
      .describe(
        'Why the session(s) were revoked; `refresh_token_reuse` signals a likely stolen token.',
      ),
    actor: actor.describe('Who revoked: the user (logout), an admin, SCIM or the system.'),
    revokedBefore: isoDateTime.describe(
      'Tokens of the scope issued at or before this instant are rejected.',
    ),
    expiresAt: isoDateTime.describe(
      'After this instant no matching token can still be valid, so the entry may be dropped.',
    ),
  })
  .refine((event) => (event.scope === 'session') === (event.sessionId !== null), {
    message: 'sessionId is required for scope "session" and must be null for scope "user"',
    path: ['sessionId'],
  });

export type SessionRevokedV1 = z.infer<typeof sessionRevokedV1Schema>;

/** Key of a revocation: the session id, or `user:<userId>` for all of a user's sessions. */
export function sessionRevocationKey(
  event: Pick<SessionRevokedV1, 'scope' | 'sessionId' | 'userId'>,
): string {
  return event.scope === 'session' && event.sessionId !== null
    ? event.sessionId
    : `user:${event.userId}`;
}

export const SessionRevokedV1Definition = defineEvent({
  type: 'identity.session_revoked',
  version: 1,
  topic: Topics.identitySessionRevoked,
  schema: sessionRevokedV1Schema,
  retention: Retention.compacted,
  description:
    'Revoked sessions and "all sessions of a user" cut-offs. Proxies read it from the beginning at ' +
    'start and reject matching access tokens without calling the auth service.',
  keyField: 'sessionId, or `user:<userId>` for scope `user`',
  partitioning:
    'Session ids cannot contain a colon, so `user:<id>` keys never collide with them. A later ' +
    'user-wide revocation replaces the earlier one for that user, which is correct because its ' +
    'cut-off is later.',
  key: sessionRevocationKey,
});
