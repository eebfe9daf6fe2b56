import { randomUUID } from 'node:crypto';
import {
  accessTokenClaimsSchema,
  GATEWAY_AUDIENCE,
  type AccessTokenClaims,
} from '@gatehouse/access-token';
import { groupName } from '@gatehouse/contracts';
import { TokenError, TokenErrorCode } from './token-error';

/** The user and session a token speaks for, as the directory has them right now. */
export interface TokenSubject {
  readonly user: {
    readonly id: string;
    readonly orgId: string;
    readonly teamId: string | null;
    readonly email: string | null;
    readonly displayName: string | null;
    readonly groups: readonly string[];
    readonly roles: readonly string[];
  };
  readonly session: { readonly id: string; readonly absoluteExpiresAt: Date };
}

export interface ClaimsSettings {
  readonly issuer: string;
  readonly audience?: string;
  readonly ttlSeconds: number;
  /** Request-tag name for Claude Code's billing group; only when the proxy strips `tags`. */
  readonly billingGroupTag?: string;
}

const MAX_GROUPS = 1_000;
const MAX_NAME = 256;

/**
 * Builds and validates the claims of one access token (the contract is `accessTokenClaimsSchema`,
 * the exact schema proxies verify). `exp` never passes the session's absolute expiry, so a token
 * cannot outlive its session. Group names the contract cannot carry are left out rather than
 * failing the sign-in: groups drive policy, and a stray IdP group must not lock a user out.
 */
export function buildAccessTokenClaims(
  subject: TokenSubject,
  settings: ClaimsSettings,
  now: Date,
  jti: string = randomUUID(),
): AccessTokenClaims {
  const iat = Math.floor(now.getTime() / 1000);
  const sessionEnd = Math.floor(subject.session.absoluteExpiresAt.getTime() / 1000);
  const exp = Math.min(iat + settings.ttlSeconds, sessionEnd);
  if (exp <= iat) {
    throw new TokenError(
      TokenErrorCode.INVALID_CLAIMS,
      `session ${subject.session.id} has expired`,
    );
  }
  const { user } = subject;
  const candidate = {
    iss: settings.issuer,
    aud: settings.audience ?? GATEWAY_AUDIENCE,
    sub: user.id,
    sid: subject.session.id,
    jti,
    iat,
    exp,
    ...(user.email === null ? {} : { email: user.email }),
    ...(user.displayName === null || user.displayName === ''
      ? {}
      : { name: user.displayName.slice(0, MAX_NAME) }),
    org: user.orgId,
    ...(user.teamId === null ? {} : { team: user.teamId }),
    groups: user.groups.filter((group) => groupName.safeParse(group).success).slice(0, MAX_GROUPS),
    roles: [...user.roles],
    principal_type: 'user' as const,
    ...(settings.billingGroupTag === undefined
      ? {}
      : { billing_group_tag: settings.billingGroupTag }),
  };
  const parsed = accessTokenClaimsSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new TokenError(
      TokenErrorCode.INVALID_CLAIMS,
      `access token claims break the contract: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
