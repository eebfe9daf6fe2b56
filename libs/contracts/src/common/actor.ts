import { z } from 'zod';
import { entityId } from './ids';
import { emailAddress } from './network';

/**
 * Who caused a change. `system` covers Gatehouse's own jobs (expiry sweeps, rotations) and `scim`
 * the customer's directory pushing changes; their `id` names the job or the SCIM client.
 */
export const ACTOR_TYPES = ['user', 'service_account', 'scim', 'system'] as const;

export const actor = z.strictObject({
  type: z.enum(ACTOR_TYPES).describe('Kind of principal that acted.'),
  id: entityId.describe('Id of the user, service account, SCIM client or system job.'),
  email: emailAddress
    .nullable()
    .describe('Email of a user actor at the time of the action; null otherwise.'),
});

export type Actor = z.infer<typeof actor>;
