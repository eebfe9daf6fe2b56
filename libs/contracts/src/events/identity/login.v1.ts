import { z } from 'zod';
import {
  emailAddress,
  entityId,
  ipAddress,
  orgId,
  Retention,
  sessionId,
  userAgent,
  userId,
} from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * A login attempt, for the audit trail and the SIEM (brute force, impossible travel, disabled
 * accounts still trying). The raw username typed at a failed attempt is never included: people
 * paste passwords into it.
 */
export const loginV1Schema = z
  .strictObject({
    type: z.literal('identity.login'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    outcome: z.enum(['succeeded', 'failed']).describe('Whether the login produced a session.'),
    method: z
      .enum(['oidc_browser', 'oidc_loopback_pkce', 'device_grant', 'service_account_key'])
      .describe(
        'Login flow: console browser, CLI loopback with PKCE, device code, or a service account key.',
      ),
    failureReason: z
      .enum([
        'idp_error',
        'access_denied',
        'invalid_state',
        'expired_code',
        'user_not_provisioned',
        'user_deactivated',
        'invalid_key',
        'key_revoked',
      ])
      .nullable()
      .describe('Why it failed; null on success.'),
    userId: userId
      .nullable()
      .describe('Resolved user or service account; null when the subject is unknown.'),
    orgId: orgId.nullable().describe('Organisation of the resolved user; null when unknown.'),
    email: emailAddress.nullable().describe('Email of the resolved user; null when unknown.'),
    idpId: entityId
      .nullable()
      .describe('Configured identity provider used; null for service account keys.'),
    sessionId: sessionId
      .nullable()
      .describe('Session created by a successful login; null on failure.'),
    clientIp: ipAddress.describe('IP address the attempt came from.'),
    userAgent: userAgent
      .nullable()
      .describe('User-Agent of the browser or CLI, truncated to 512 characters.'),
  })
  .refine((event) => (event.outcome === 'succeeded') === (event.failureReason === null), {
    message: 'failureReason is required on failure and must be null on success',
    path: ['failureReason'],
  })
  .refine(
    (event) => event.outcome === 'failed' || (event.sessionId !== null && event.userId !== null),
    {
      message: 'a successful login names its user and session',
      path: ['sessionId'],
    },
  );

export type LoginV1 = z.infer<typeof loginV1Schema>;

export const LoginV1Definition = defineEvent({
  type: 'identity.login',
  version: 1,
  topic: Topics.identityLogin,
  schema: loginV1Schema,
  retention: Retention.securityLog,
  description: 'Every login attempt, successful or not, with method, outcome and origin.',
  keyField: 'userId, or `ip:<clientIp>` when the user is unknown',
  partitioning:
    "Keyed by user so one account's attempts stay in order for brute-force detection; attempts " +
    'for unknown subjects are keyed by source IP for the same reason.',
  key: (event) => event.userId ?? `ip:${event.clientIp}`,
});
