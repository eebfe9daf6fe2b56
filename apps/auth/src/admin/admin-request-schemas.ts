import { z } from 'zod';
import { AdminError, AdminErrorCode } from './admin-error';

/** Longest key lifetime an admin may ask for: ten years, so "never" is an explicit `null`. */
export const MAX_KEY_LIFETIME_DAYS = 3650;
/** Longest overlap of an old and a new key after a rotation: seven days. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 60 * 60;

const scope = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._*/-]{0,63}$/, 'a scope is 1-64 letters, digits or :._*/-');

const scopes = z.array(scope).max(32, 'at most 32 scopes');

/** `null` means a key that does not expire; omitted means the same. */
const expiresInDays = z
  .number()
  .int('expiresInDays must be a whole number of days')
  .min(1)
  .max(MAX_KEY_LIFETIME_DAYS)
  .nullable();

export const createServiceAccountBody = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'name is 2-63 lowercase letters, digits or ._-'),
  /** Owning team id; null or omitted for an account no team owns. */
  team: z.string().min(1).max(128).nullable().optional(),
  /** Must be the caller's organisation when given: admins manage their own org only. */
  org: z.string().min(1).max(128).optional(),
});

export const createKeyBody = z.strictObject({
  scopes: scopes.default([]),
  expiresInDays: expiresInDays.optional(),
});

export const rotateKeyBody = z.strictObject({
  /** How long the old key keeps working; 0 (the default) revokes it at once. */
  graceSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).default(0),
  /** Defaults to the old key's scopes. */
  scopes: scopes.optional(),
  /** Defaults to no expiry. */
  expiresInDays: expiresInDays.optional(),
});

/** Bodies of the revoke routes are optional; when sent they may carry nothing. */
export const emptyBody = z.strictObject({}).optional();

const pathId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a valid id');

/** Parses `input` or throws a 400 whose message and `details.issues` name each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? undefined);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  throw new AdminError(
    AdminErrorCode.INVALID_REQUEST,
    `invalid request: ${first?.path}: ${first?.message}` +
      (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''),
    { issues },
  );
}

/** A path parameter that must look like a directory id (`ses_…`, `sa_…`, `sak_…`, `usr_…`). */
export function pathParam(params: unknown, name: string): string {
  const value =
    typeof params === 'object' && params !== null
      ? (params as Record<string, unknown>)[name]
      : undefined;
  const parsed = pathId.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'not a valid id';
  throw new AdminError(AdminErrorCode.INVALID_REQUEST, `invalid request: ${name}: ${message}`, {
    issues: [{ path: name, message }],
  });
}
