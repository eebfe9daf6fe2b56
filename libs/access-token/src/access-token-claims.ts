import { z } from 'zod';
import {
  emailAddress,
  entityId,
  groupName,
  orgId,
  roleName,
  sessionId,
  teamId,
} from '@gatehouse/contracts';

/** Default audience of gateway access tokens (the `aud` the Auth service issues and the proxy expects). */
export const GATEWAY_AUDIENCE = 'gatehouse';

/** Who a token speaks for. Service accounts normally use API keys, but may exchange them for tokens. */
export const PRINCIPAL_TYPES = ['user', 'service_account'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

const epochSeconds = z.number().int().nonnegative();

/**
 * Payload of a Gatehouse access token: issued by the Auth service, verified locally by every proxy.
 *
 * The schema is deliberately an open `z.object` (unknown claims are dropped, not rejected): the
 * issuer can add claims before every proxy is upgraded, and a proxy must not start refusing tokens
 * because of them. Registered claims use their RFC 7519 names; Gatehouse claims are snake_case, as
 * `billing_group_tag` must be for Claude Code to read it (see the gateway protocol's "Billing group").
 */
export const accessTokenClaimsSchema = z.object({
  iss: z.string().min(1).max(512).describe('Issuer: the Auth service base URL.'),
  aud: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(16)])
    .describe('Audience: contains the gateway audience (`gatehouse` by default).'),
  sub: entityId.describe('User id, or the service account id when `principal_type` says so.'),
  sid: sessionId.describe('Login session the token belongs to; revocations target it.'),
  exp: epochSeconds.describe(
    'Expiry, seconds since the epoch (short-lived: 15 minutes by default).',
  ),
  iat: epochSeconds.describe('Issued at, seconds since the epoch; compared with `revokedBefore`.'),
  nbf: epochSeconds.optional().describe('Not before, seconds since the epoch.'),
  jti: z.string().min(1).max(128).describe('Token id, unique per issued token.'),
  email: emailAddress.optional().describe('Email of a user principal.'),
  name: z.string().min(1).max(256).optional().describe('Display name of a user principal.'),
  org: orgId.describe('Organisation (tenant) id.'),
  team: teamId.optional().describe('Team the principal spends for, when it has one.'),
  groups: z.array(groupName).max(1_000).describe('IdP groups at sign-in, for per-group policy.'),
  roles: z.array(roleName).max(100).describe('Gatehouse roles, for RBAC at /v1/messages.'),
  principal_type: z.enum(PRINCIPAL_TYPES).describe('`user` or `service_account`.'),
  billing_group_tag: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      "Request-tag name under which Claude Code sends the developer's billing group; only set when the gateway strips `tags` before upstreams.",
    ),
});

export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;
