import { z } from 'zod';

/**
 * Misbehaviours a test can switch on while the IdP runs. `dropGroupsClaim` leaves `groups` out of
 * ID tokens and userinfo (the "missing groups claim" case); `disabledUsers` (emails) makes login
 * and refresh fail for those people, as when an IdP admin deactivates someone.
 */
const DisabledUsersSchema = z.array(z.email().transform((email) => email.toLowerCase()));

export const DevIdpFaultsSchema = z.strictObject({
  dropGroupsClaim: z.boolean().default(false),
  disabledUsers: DisabledUsersSchema.default([]),
});
export type DevIdpFaults = z.infer<typeof DevIdpFaultsSchema>;
export type DevIdpFaultsInput = z.input<typeof DevIdpFaultsSchema>;

export const NO_FAULTS: DevIdpFaults = { dropGroupsClaim: false, disabledUsers: [] };

// No defaults here: `.partial()` would still fill them in and reset knobs the update did not name.
const FaultsPatchSchema = z.strictObject({
  dropGroupsClaim: z.boolean().optional(),
  disabledUsers: DisabledUsersSchema.optional(),
});

/** Applies a partial update, so a test can flip one knob without restating the others. */
export function mergeFaults(current: DevIdpFaults, update: unknown): DevIdpFaults {
  const patch = FaultsPatchSchema.parse(update);
  return {
    dropGroupsClaim: patch.dropGroupsClaim ?? current.dropGroupsClaim,
    disabledUsers: patch.disabledUsers ?? current.disabledUsers,
  };
}
