import { z } from 'zod';
import {
  actor,
  emailAddress,
  entityId,
  ipAddress,
  orgId,
  requestId,
  Retention,
  sha256Digest,
  userAgent,
} from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/** Metadata values are flat scalars so every SIEM format (CEF, OCSF, Splunk HEC) can map them. */
const metadataValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

/**
 * A generic audit fact: who did what to what, and whether it worked. The hash-chain fields are
 * filled by the audit service when it appends the record to its chain; producers leave them out.
 */
export const auditRecordV1Schema = z
  .strictObject({
    type: z.literal('audit.record'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    orgId,
    sourceService: z
      .enum(['proxy', 'auth', 'budget', 'audit', 'cli', 'console'])
      .describe('Service that recorded it.'),
    actor: actor.describe('Who acted.'),
    actorIp: ipAddress
      .nullable()
      .describe('IP address the action came from; null for system actions.'),
    actorUserAgent: userAgent
      .nullable()
      .describe('User-Agent of the actor; null for system actions.'),
    action: z
      .string()
      .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/)
      .max(128)
      .describe('Dotted verb such as `user.deactivate` or `policy.publish`.'),
    target: z
      .strictObject({
        type: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,63}$/)
          .describe('Kind of object acted on (`user`, `policy`…).'),
        id: entityId.describe('Id of the object acted on.'),
        email: emailAddress.optional().describe('Email when the target is a user.'),
      })
      .describe('What was acted on.'),
    outcome: z
      .enum(['success', 'failure', 'denied'])
      .describe('`denied` means refused by authorisation or policy.'),
    reason: z
      .string()
      .max(1024)
      .nullable()
      .describe('Short explanation for failure or denial; null on success.'),
    requestId: requestId
      .nullable()
      .describe('Gateway or admin API request id for correlation; null when none.'),
    metadata: z
      .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/), metadataValue)
      .refine((record) => Object.keys(record).length <= 50, {
        message: 'at most 50 metadata entries',
      })
      .describe('Extra flat key/value facts (never secrets or prompt text).'),
    prevHash: sha256Digest
      .optional()
      .describe('Hash of the previous record in the chain; set by the audit service.'),
    hash: sha256Digest
      .optional()
      .describe('Hash of this record including `prevHash`; set by the audit service.'),
  })
  .refine((event) => (event.prevHash === undefined) === (event.hash === undefined), {
    message: 'prevHash and hash are set together',
    path: ['hash'],
  });

export type AuditRecordV1 = z.infer<typeof auditRecordV1Schema>;

export const AuditRecordV1Definition = defineEvent({
  type: 'audit.record',
  version: 1,
  topic: Topics.auditRecord,
  schema: auditRecordV1Schema,
  retention: Retention.securityLog,
  description:
    'Audit trail of admin and security-relevant actions (actor, action, target, outcome).',
  keyField: 'orgId',
  partitioning:
    "Keyed by organisation so an org's records arrive in one order and the audit service can build " +
    'one hash chain per org without reordering. Audit volume is human-scale, so one partition per ' +
    'org is plenty.',
  key: (event) => event.orgId,
});
