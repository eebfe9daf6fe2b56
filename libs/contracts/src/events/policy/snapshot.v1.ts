import { z } from 'zod';
import { actor, entityId, groupName, orgId, Retention, sha256Digest } from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * A published version of a policy: a Claude Code managed-settings document plus where it
 * applies. Each publication carries the whole document, so the latest event per policy is enough
 * for a cold proxy or for `gatehouse sync` on a developer machine.
 */
export const policySnapshotV1Schema = z.strictObject({
  type: z.literal('policy.snapshot'),
  version: z.literal(1),
  ...eventEnvelopeShape,
  policyId: entityId.describe('Policy id.'),
  orgId,
  policyVersion: z
    .number()
    .int()
    .positive()
    .describe('Version number, increasing by one per publication.'),
  status: z
    .enum(['active', 'archived'])
    .describe('`archived` withdraws the policy; consumers drop it.'),
  appliesToGroups: z
    .array(groupName)
    .max(500)
    .describe('IdP groups the policy applies to; empty means every user of the organisation.'),
  priority: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .describe('When several policies apply, higher priority wins on conflicting settings.'),
  document: z
    .record(z.string(), z.json())
    .describe(
      'The managed-settings JSON object as published (never secrets: settings reference them by name).',
    ),
  checksum: sha256Digest.describe(
    '`sha256:` of the canonical JSON of `document` (keys sorted, no whitespace).',
  ),
  publishedBy: actor.describe('Who published this version.'),
});

export type PolicySnapshotV1 = z.infer<typeof policySnapshotV1Schema>;

export const PolicySnapshotV1Definition = defineEvent({
  type: 'policy.snapshot',
  version: 1,
  topic: Topics.policySnapshot,
  schema: policySnapshotV1Schema,
  retention: Retention.compacted,
  description: 'Latest published version of each policy (managed settings, group scope, checksum).',
  keyField: 'policyId',
  partitioning: 'Keyed by policy id: compaction keeps the latest version of each policy.',
  key: (event) => event.policyId,
});
