import { z } from 'zod';
import {
  actor,
  entityId,
  isoDateTime,
  orgId,
  Retention,
  serviceAccountId,
  sha256Digest,
  teamId,
} from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * Lifecycle of a service account API key. The key itself is shown once to its creator and is
 * never stored or published; `keyHash` lets a verifier recognise a presented key. Publishing the
 * hash is safe because keys are 256 random bits, which no one can search from a hash.
 */
export const serviceAccountKeyV1Schema = z
  .strictObject({
    type: z.literal('identity.service_account_key'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    keyId: entityId.describe('Key id (not secret).'),
    serviceAccountId,
    orgId,
    teamId: teamId.nullable().describe('Team the service account spends for; null when none.'),
    change: z
      .enum(['created', 'rotated', 'revoked'])
      .describe('`rotated` is published for the replacement key.'),
    status: z.enum(['active', 'revoked']).describe('Key status after the change.'),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_]{4,16}$/)
      .describe('First characters of the key, shown in consoles so people can tell keys apart.'),
    keyHash: sha256Digest.describe('`sha256:` of the full key.'),
    rotatedFromKeyId: entityId
      .nullable()
      .describe('Key this one replaces, for `rotated`; null otherwise.'),
    expiresAt: isoDateTime
      .nullable()
      .describe(
        'Key stops working at this instant (end of a rotation grace period or a set lifetime); null if never.',
      ),
    actor: actor.describe('Who created, rotated or revoked the key.'),
  })
  .refine((event) => (event.change === 'rotated') === (event.rotatedFromKeyId !== null), {
    message: 'rotatedFromKeyId is required for "rotated" and null otherwise',
    path: ['rotatedFromKeyId'],
  })
  .refine((event) => (event.change === 'revoked') === (event.status === 'revoked'), {
    message: 'change "revoked" and status "revoked" go together',
    path: ['status'],
  });

export type ServiceAccountKeyV1 = z.infer<typeof serviceAccountKeyV1Schema>;

export const ServiceAccountKeyV1Definition = defineEvent({
  type: 'identity.service_account_key',
  version: 1,
  topic: Topics.identityServiceAccountKey,
  schema: serviceAccountKeyV1Schema,
  retention: Retention.compacted,
  description:
    'Service account keys created, rotated or revoked. A rotation publishes the new key (`rotated`) ' +
    'and re-publishes the old key with `expiresAt` set to the end of its grace period.',
  keyField: 'keyId',
  partitioning:
    'Keyed by key id: compaction keeps the latest state of each key, which is what a verifier needs.',
  key: (event) => event.keyId,
});
