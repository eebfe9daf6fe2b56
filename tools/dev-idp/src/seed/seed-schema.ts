import { z } from 'zod';
import { DevIdpError, DevIdpErrorCode } from '../errors';

/** One seeded person. Passwords are plain text on purpose: these are throwaway development identities. */
export const DevIdpUserSchema = z.strictObject({
  sub: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'sub must be 1-128 URL-safe characters'),
  email: z.email(),
  password: z.string().min(1),
  name: z.string().min(1),
  groups: z.array(z.string().min(1)),
  mfa: z.boolean(),
  emailVerified: z.boolean().default(true),
});
export type DevIdpUser = z.infer<typeof DevIdpUserSchema>;
export type DevIdpUserInput = z.input<typeof DevIdpUserSchema>;

const RedirectUriSchema = z.url({ protocol: /^https?$/ });

/**
 * A relying party registration, in oidc-provider's snake_case client metadata. A client with a
 * `client_secret` is confidential and may send it either way real IdPs accept (HTTP Basic or form
 * body); a client without one is public and must use PKCE alone.
 */
export const DevIdpClientSchema = z.strictObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  redirect_uris: z.array(RedirectUriSchema).min(1),
  post_logout_redirect_uris: z.array(RedirectUriSchema).default([]),
  grant_types: z
    .array(z.enum(['authorization_code', 'refresh_token']))
    .default(['authorization_code', 'refresh_token']),
});
export type DevIdpClient = z.infer<typeof DevIdpClientSchema>;
export type DevIdpClientInput = z.input<typeof DevIdpClientSchema>;

function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Validates a user list; emails compare case-insensitively because the login form does. */
export function parseUsers(input: unknown, source = 'users'): DevIdpUser[] {
  const parsed = z.array(DevIdpUserSchema).safeParse(input);
  if (!parsed.success) {
    throw new DevIdpError(
      DevIdpErrorCode.InvalidSeed,
      `${source}: ${describeIssues(parsed.error)}`,
    );
  }
  const users = parsed.data.map((user) => ({ ...user, email: user.email.toLowerCase() }));
  const duplicateEmail = firstDuplicate(users.map((user) => user.email));
  if (duplicateEmail) {
    throw new DevIdpError(
      DevIdpErrorCode.InvalidSeed,
      `${source}: duplicate email ${duplicateEmail}`,
    );
  }
  const duplicateSub = firstDuplicate(users.map((user) => user.sub));
  if (duplicateSub) {
    throw new DevIdpError(DevIdpErrorCode.InvalidSeed, `${source}: duplicate sub ${duplicateSub}`);
  }
  return users;
}

export function parseClients(input: unknown, source = 'clients'): DevIdpClient[] {
  const parsed = z.array(DevIdpClientSchema).min(1).safeParse(input);
  if (!parsed.success) {
    throw new DevIdpError(
      DevIdpErrorCode.InvalidSeed,
      `${source}: ${describeIssues(parsed.error)}`,
    );
  }
  const duplicateId = firstDuplicate(parsed.data.map((client) => client.client_id));
  if (duplicateId) {
    throw new DevIdpError(
      DevIdpErrorCode.InvalidSeed,
      `${source}: duplicate client_id ${duplicateId}`,
    );
  }
  return parsed.data;
}
