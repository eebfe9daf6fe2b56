import { z } from 'zod';
import { actor, entityId, groupName, orgId, Retention, roleName } from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * An admin changed which IdP group grants which Gatehouse role. Security teams watch these
 * closely: mapping a broad group to `admin` is a privilege escalation.
 */
export const roleMappingChangedV1Schema = z
  .strictObject({
    type: z.literal('identity.role_mapping_changed'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    mappingId: entityId.describe('Role mapping id.'),
    orgId,
    change: z.enum(['created', 'updated', 'deleted']).describe('What happened to the mapping.'),
    idpGroup: groupName.describe('IdP group the mapping matches.'),
    role: roleName
      .nullable()
      .describe('Role the group grants after the change; null when deleted.'),
    previousRole: roleName.nullable().describe('Role the group granted before; null when created.'),
    actor: actor.describe('Who changed the mapping.'),
  })
  .refine((event) => (event.change === 'deleted') === (event.role === null), {
    message: 'role is null exactly when the mapping is deleted',
    path: ['role'],
  })
  .refine((event) => (event.change === 'created') === (event.previousRole === null), {
    message: 'previousRole is null exactly when the mapping is created',
    path: ['previousRole'],
  });

export type RoleMappingChangedV1 = z.infer<typeof roleMappingChangedV1Schema>;

export const RoleMappingChangedV1Definition = defineEvent({
  type: 'identity.role_mapping_changed',
  version: 1,
  topic: Topics.identityRoleMappingChanged,
  schema: roleMappingChangedV1Schema,
  retention: Retention.securityLog,
  description: 'Changes to IdP-group-to-role mappings, with the role before and after.',
  keyField: 'mappingId',
  partitioning: 'Keyed by mapping id so successive changes to one mapping stay in order.',
  key: (event) => event.mappingId,
});
