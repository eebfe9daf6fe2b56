import type { Actor } from '@gatehouse/contracts';
import type { Logger } from '@gatehouse/observability';
import { userActor } from '../directory/actors';
import type { SessionRevokeReason } from '../directory/entities/session.entity';
import { OAuthErrorCode, oauthError, type OAuthResponse } from './oauth-error';
import type { OAuthForm } from './token-endpoint';

/** The session a presented token belongs to, once the token is proven to be ours. */
export interface TokenSession {
  readonly sessionId: string;
  readonly userId: string;
}

/** Finds the session of a token of one kind; null when the token is not one we issued. */
export interface TokenSessionLookup {
  sessionOf(token: string): Promise<TokenSession | null>;
}

export interface RevocationEndpointDeps {
  refreshTokens: TokenSessionLookup;
  accessTokens: TokenSessionLookup;
  sessions: {
    revokeSession(
      sessionId: string,
      change: { reason: SessionRevokeReason; actor: Actor },
    ): Promise<boolean>;
  };
  logger: Pick<Logger, 'info'>;
}

const OK: OAuthResponse = { status: 200, body: {}, headers: { 'cache-control': 'no-store' } };

/**
 * `POST /oauth/revoke` (RFC 7009). Revoking either token of a sign-in ends the whole session: the
 * refresh token family is revoked and `identity.session_revoked` tells every proxy to refuse the
 * session's access tokens. Unknown, foreign and already revoked tokens are answered 200 too
 * (§2.2), so the endpoint reveals nothing about which tokens exist.
 */
export class RevocationEndpoint {
  constructor(private readonly deps: RevocationEndpointDeps) {}

  async handle(form: OAuthForm): Promise<OAuthResponse> {
    const token = form['token'];
    if (typeof token !== 'string' || token.length === 0) {
      return oauthError(
        OAuthErrorCode.INVALID_REQUEST,
        'The token parameter is missing or repeated.',
      );
    }
    // The hint only orders the lookups (§2.1); a wrong hint still finds the token.
    const lookups =
      form['token_type_hint'] === 'refresh_token' || token.startsWith('gh_rt_')
        ? [this.deps.refreshTokens, this.deps.accessTokens]
        : [this.deps.accessTokens, this.deps.refreshTokens];
    for (const lookup of lookups) {
      const session = await lookup.sessionOf(token);
      if (session === null) continue;
      const revoked = await this.deps.sessions.revokeSession(session.sessionId, {
        reason: 'logout',
        actor: userActor({ id: session.userId, email: null }),
      });
      if (revoked) {
        this.deps.logger.info(
          { sessionId: session.sessionId },
          'session revoked at the revocation endpoint',
        );
      }
      return OK;
    }
    return OK;
  }
}
