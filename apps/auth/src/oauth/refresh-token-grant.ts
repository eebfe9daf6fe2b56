import type { RefreshOutcome } from '../directory/session-store';
import type { TokenGrantOutcome } from './token-grant';

/** The SessionStore method the refresh grant needs. */
export interface RefreshTokenRotator {
  rotateRefreshToken(presented: string): Promise<RefreshOutcome>;
}

type RefusalReason = Extract<RefreshOutcome, { ok: false }>['reason'];

/** Sentences Claude Code users see; each ends in what to do. No token material in them. */
const DESCRIPTIONS: Record<RefusalReason, string> = {
  unknown_token: 'The refresh token is not recognised. Sign in again.',
  session_revoked: 'This session was signed out or revoked. Sign in again.',
  session_expired: 'This session reached its maximum lifetime. Sign in again.',
  token_revoked: 'The refresh token was revoked. Sign in again.',
  token_expired: 'The refresh token expired. Sign in again.',
  refresh_token_reuse:
    'This refresh token was already used, so the session was revoked to protect the account. Sign in again.',
};

/**
 * `grant_type=refresh_token`: rotates the refresh token through the SessionStore. Every refusal is
 * `401 invalid_grant`, the gateway protocol's deprovisioning hook: Claude Code sends the user back
 * through sign-in instead of retrying.
 */
export class RefreshTokenGrant {
  constructor(private readonly sessions: RefreshTokenRotator) {}

  async exchange(refreshToken: string): Promise<TokenGrantOutcome> {
    const outcome = await this.sessions.rotateRefreshToken(refreshToken);
    if (!outcome.ok) {
      return {
        ok: false,
        error: 'invalid_grant',
        description: DESCRIPTIONS[outcome.reason],
        status: 401,
      };
    }
    return {
      ok: true,
      sessionId: outcome.session.id,
      userId: outcome.session.userId,
      refreshToken: outcome.refreshToken,
      email: null,
    };
  }
}
