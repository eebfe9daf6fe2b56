import { z } from 'zod';
import {
  actor,
  emailAddress,
  groupName,
  orgId,
  Retention,
  roleName,
  teamId,
  userId,
} from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * The full current state of one user after a change, not a diff: the topic is compacted, so the
 * latest event per user must be enough for a cold consumer. A deleted user keeps a record (so
 * consumers learn of the deletion) but without personal data.
 */
export const userChangedV1Schema = z
  .strictObject({
    type: z.literal('identity.user_changed'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    userId,
    orgId,
    change: z
      .enum(['provisioned', 'updated', 'deactivated', 'deleted'])
      .describe('What happened to the user in this change.'),
    source: z
      .enum(['scim', 'oidc_jit', 'admin_api'])
      .describe(
        'Channel the change came through: SCIM push, just-in-time at first login, or the admin API.',
      ),
    actor: actor.describe('Who made the change.'),
    revision: z
      .number()
      .int()
      .positive()
      .describe(
        'Monotonic per user; a consumer ignores an event whose revision is not above the one it holds.',
      ),
    status: z.enum(['active', 'deactivated', 'deleted']).describe('User status after the change.'),
    externalId: z
      .string()
      .min(1)
      .max(256)
      .nullable()
      .describe('Subject or SCIM externalId at the identity provider; null once deleted.'),
    email: emailAddress.nullable().describe('Primary email; null once deleted.'),
    displayName: z
      .string()
      .min(1)
      .max(256)
      .nullable()
      .describe('Display name; null once deleted or unknown.'),
    teamIds: z
      .array(teamId)
      .max(100)
      .describe('Teams the user belongs to; the first is the default for spend.'),
    groups: z.array(groupName).max(500).describe('IdP groups as last synchronised.'),
    roles: z.array(roleName).max(64).describe('Gatehouse roles after applying role mappings.'),
  })
  .refine(
    (event) =>
      event.status !== 'deleted' ||
      (event.email === null && event.displayName === null && event.externalId === null),
    {
      message:
        'a deleted user carries no personal data (email, displayName, externalId must be null)',
      path: ['email'],
    },
  )
  .refine((event) => (event.change === 'deleted') === (event.status === 'deleted'), {
    message: 'change "deleted" and status "deleted" go together',
    path: ['status'],
  });

export type UserChangedV1 = z.infer<typeof userChangedV1Schema>;

export const UserChangedV1Definition = defineEvent({
  type: 'identity.user_changed',
  version: 1,
  topic: Topics.identityUserChanged,
  schema: userChangedV1Schema,
  retention: Retention.compacted,
  description:
    'Latest state of each user (provisioned, updated, deactivated, deleted). Services that cache ' +
    'users (proxy roles, budget attribution) rebuild from it.',
  keyField: 'userId',
  partitioning:
    'Keyed by user: compaction keeps the latest state per user and changes to one user stay in order.',
  key: (event) => event.userId,
});
