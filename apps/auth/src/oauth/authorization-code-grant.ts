import type { Logger } from '@gatehouse/observability';
import { systemActor } from '../directory/actors';
import type { Clock } from '../directory/clock';
import type { SessionStore } from '../directory/session-store';
import { CODE_REFUSAL_DESCRIPTIONS, decideCodeExchange } from './authorization-code-decision';
import type { AuthorizationCodeStore } from './authorization-code-store';
import type {
  AuthorizationCodeGrant,
  AuthorizationCodeRequest,
  TokenGrantOutcome,
} from './token-grant';

export interface PostgresAuthorizationCodeGrantDeps {
  codes: AuthorizationCodeStore;
  sessions: Pick<SessionStore, 'createSession' | 'revokeSession'>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
}

/** `clientSurface` of sessions the CLI's browser sign-in creates. */
export const CLI_SESSION_SURFACE = 'cli';

/**
 * `grant_type=authorization_code`. As in the device flow (docs/adr/0014), the session is created
 * here, in the transaction that marks the code used: a code that is never redeemed leaves no
 * session and no refresh token waiting anywhere. A code presented again revokes the session its
 * first exchange created (RFC 6749 §4.1.2), since one of the two presenters stole it.
 */
export class PostgresAuthorizationCodeGrant implements AuthorizationCodeGrant {
  constructor(private readonly deps: PostgresAuthorizationCodeGrantDeps) {}

  async exchange(request: AuthorizationCodeRequest): Promise<TokenGrantOutcome> {
    const { outcome, revokeSessionId } = await this.deps.codes.dataSource.transaction(
      async (tx) => {
        const now = this.deps.clock();
        const code = await this.deps.codes.lock(tx, request.code);
        const decision = decideCodeExchange(code, request, now);
        if (decision.kind === 'refuse') {
          if (code !== undefined && decision.consume)
            await this.deps.codes.markConsumed(tx, code.codeHash, null);
          return {
            outcome: refusal('invalid_grant', CODE_REFUSAL_DESCRIPTIONS[decision.reason]),
            revokeSessionId: decision.revokeSessionId,
          };
        }
        if (code === undefined) throw new Error('a redeemable code must exist');
        // The person may have been deactivated in the seconds since the IdP callback.
        const [user] = (await tx.query('SELECT status FROM users WHERE id = $1', [
          code.userId,
        ])) as {
          status: string;
        }[];
        if (user?.status !== 'active') {
          await this.deps.codes.markConsumed(tx, code.codeHash, null);
          return {
            outcome: refusal('invalid_grant', 'The account that signed in is no longer active.'),
            revokeSessionId: undefined,
          };
        }
        const issued = await this.deps.sessions.createSession(
          {
            user: { id: code.userId, orgId: code.orgId, email: code.email },
            lifetimeSeconds: code.sessionLifetimeSeconds,
            clientSurface: CLI_SESSION_SURFACE,
            method: 'oidc_loopback_pkce',
            idpId: code.idpId,
            clientIp: code.clientIp,
            userAgent: code.userAgent,
          },
          tx,
        );
        await this.deps.codes.markConsumed(tx, code.codeHash, issued.session.id);
        const granted: TokenGrantOutcome = {
          ok: true,
          sessionId: issued.session.id,
          userId: code.userId,
          refreshToken: issued.refreshToken,
          email: code.email,
        };
        return { outcome: granted, revokeSessionId: undefined };
      },
    );
    if (revokeSessionId !== undefined) {
      const revoked = await this.deps.sessions.revokeSession(revokeSessionId, {
        reason: 'refresh_token_reuse',
        actor: systemActor('authorization-code-reuse'),
      });
      if (revoked)
        this.deps.logger.warn(
          { sessionId: revokeSessionId },
          'authorization code reused; its session was revoked',
        );
    }
    return outcome;
  }
}

function refusal(error: 'invalid_grant', description: string): TokenGrantOutcome {
  return { ok: false, error, description, status: 400 };
}
