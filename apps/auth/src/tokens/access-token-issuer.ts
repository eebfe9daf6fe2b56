import { SignJWT } from 'jose';
import type { Clock } from '../directory/clock';
import type { SessionEntity } from '../directory/entities/session.entity';
import type { DirectoryUser } from '../directory/user-directory';
import { buildAccessTokenClaims, type ClaimsSettings } from './access-token-claims-builder';
import type { SigningKeyManager } from './signing-key-manager';

/** Lookups the issuer needs from the directory (SessionStore.findSession, UserDirectory.findById). */
export interface IssuerDirectory {
  findSession(sessionId: string): Promise<SessionEntity | null>;
  findUser(userId: string): Promise<DirectoryUser | undefined>;
}

export interface IssuedAccessToken {
  readonly ok: true;
  readonly accessToken: string;
  /** Seconds until `exp`, as the token response's `expires_in`. */
  readonly expiresIn: number;
  readonly email: string | null;
}

/** Why a session cannot get a token; the token endpoint answers `invalid_grant`. */
export interface IssueRefusal {
  readonly ok: false;
  readonly reason: 'session_unknown' | 'session_revoked' | 'session_expired' | 'user_inactive';
}

/**
 * Mints access tokens for live sessions. Claims come from the directory at issue time, so a
 * refresh picks up new groups and roles, and a deactivated user gets nothing even if their
 * session was somehow still live.
 */
export class AccessTokenIssuer {
  constructor(
    private readonly deps: {
      directory: IssuerDirectory;
      keys: SigningKeyManager;
      clock: Clock;
      settings: ClaimsSettings;
    },
  ) {}

  async issue(sessionId: string): Promise<IssuedAccessToken | IssueRefusal> {
    const now = this.deps.clock();
    const session = await this.deps.directory.findSession(sessionId);
    if (session === null) return { ok: false, reason: 'session_unknown' };
    if (session.revokedAt !== null) return { ok: false, reason: 'session_revoked' };
    if (session.absoluteExpiresAt.getTime() - now.getTime() < 1_000) {
      return { ok: false, reason: 'session_expired' };
    }
    const user = await this.deps.directory.findUser(session.userId);
    if (user === undefined || user.status !== 'active')
      return { ok: false, reason: 'user_inactive' };

    const claims = buildAccessTokenClaims({ user, session }, this.deps.settings, now);
    const key = await this.deps.keys.signingKeyFor(new Date(claims.exp * 1000));
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
    return {
      ok: true,
      accessToken,
      expiresIn: claims.exp - claims.iat,
      email: user.email,
    };
  }
}
