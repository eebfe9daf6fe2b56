import { LoginV1Definition, type Actor, type LoginV1 } from '@gatehouse/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { systemActor } from './actors';
import type { Clock } from './clock';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SessionEntity, type SessionRevokeReason } from './entities/session.entity';
import { newId } from './ids';
import {
  decideRefresh,
  refreshTokenExpiry,
  sessionAbsoluteExpiry,
  type RefreshRejection,
} from './refresh-rotation';
import { generateRefreshToken, hashRefreshToken } from './refresh-token-secret';
import type { SessionRevocations } from './session-revocations';
import { inTransaction } from './transactions';

export interface CreateSessionInput {
  user: { id: string; orgId: string; email: string | null };
  /** From the user's roles (UserDirectory.upsertFromLogin). */
  lifetimeSeconds: number;
  /** `claude_code`, `cli`, `console`… */
  clientSurface: string;
  method: LoginV1['method'];
  idpId: string | null;
  clientIp: string;
  userAgent: string | null;
}

export interface IssuedSession {
  session: SessionEntity;
  /** Shown to the client once; only its hash is stored. */
  refreshToken: string;
}

export type RefreshOutcome =
  | { ok: true; session: SessionEntity; refreshToken: string }
  /** `refresh_token_reuse`: the session was revoked because a used token came back. */
  | { ok: false; reason: RefreshRejection | 'refresh_token_reuse' };

export interface SessionStoreDeps {
  dataSource: DataSource;
  outbox: OutboxWriter;
  revocations: SessionRevocations;
  clock: Clock;
  /** Lifetime of one refresh token (capped by the session's absolute expiry). Default 24 h. */
  refreshTokenTtlMs?: number;
}

const MAX_USER_AGENT = 512;

/**
 * Sessions and their rotating refresh tokens. Each refresh token is exchanged once; the
 * exchange marks it used and issues its child in the same transaction. Presenting a used token
 * again revokes the whole session (`identity.session_revoked`, reason `refresh_token_reuse`).
 */
export class SessionStore {
  private readonly refreshTtlMs: number;

  constructor(private readonly deps: SessionStoreDeps) {
    this.refreshTtlMs = deps.refreshTokenTtlMs ?? 24 * 60 * 60 * 1000;
  }

  /** Starts a session after a successful login and records the `identity.login` event. */
  createSession(input: CreateSessionInput, manager?: EntityManager): Promise<IssuedSession> {
    return inTransaction(this.deps.dataSource, manager, async (tx) => {
      const now = this.deps.clock();
      const session = tx.getRepository(SessionEntity).create({
        id: newId('ses'),
        userId: input.user.id,
        orgId: input.user.orgId,
        createdAt: now,
        absoluteExpiresAt: sessionAbsoluteExpiry(now, input.lifetimeSeconds),
        lastRefreshedAt: null,
        revokedAt: null,
        revokeReason: null,
        clientSurface: input.clientSurface,
        userAgent: input.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
        ip: input.clientIp,
      });
      await tx.getRepository(SessionEntity).insert(session);
      const refreshToken = await this.issueRefreshToken(tx, session, null, now);
      await this.deps.outbox.append(tx, LoginV1Definition, {
        ...loginEnvelope(now, input),
        outcome: 'succeeded',
        failureReason: null,
        userId: input.user.id,
        orgId: input.user.orgId,
        email: input.user.email,
        sessionId: session.id,
      });
      return { session, refreshToken };
    });
  }

  /** Records a failed login (no session) for the audit trail and the SIEM. */
  async recordFailedLogin(
    input: Omit<CreateSessionInput, 'lifetimeSeconds' | 'clientSurface' | 'user'> & {
      failureReason: NonNullable<LoginV1['failureReason']>;
      user: { id: string; orgId: string; email: string | null } | null;
    },
  ): Promise<void> {
    await this.deps.dataSource.transaction(async (tx) => {
      await this.deps.outbox.append(tx, LoginV1Definition, {
        ...loginEnvelope(this.deps.clock(), input),
        outcome: 'failed',
        failureReason: input.failureReason,
        userId: input.user?.id ?? null,
        orgId: input.user?.orgId ?? null,
        email: input.user?.email ?? null,
        sessionId: null,
      });
    });
  }

  /**
   * Exchanges a refresh token for its successor. Never throws for a bad token: the outcome says
   * why it was refused, and the token endpoint answers `invalid_grant`.
   */
  async rotateRefreshToken(presented: string): Promise<RefreshOutcome> {
    return this.deps.dataSource.transaction(async (tx) => {
      const now = this.deps.clock();
      const token = await tx.getRepository(RefreshTokenEntity).findOne({
        where: { tokenHash: hashRefreshToken(presented) },
        lock: { mode: 'pessimistic_write' },
      });
      const session =
        token === null
          ? null
          : await tx
              .getRepository(SessionEntity)
              .findOne({ where: { id: token.sessionId }, lock: { mode: 'pessimistic_write' } });
      const decision = decideRefresh({
        token: token ?? undefined,
        session: session ?? undefined,
        now,
      });
      if (decision.kind === 'reject') return { ok: false, reason: decision.reason };
      if (token === null || session === null) return { ok: false, reason: 'unknown_token' };
      if (decision.kind === 'reuse_detected') {
        await this.deps.revocations.revokeSession(tx, session.id, {
          reason: 'refresh_token_reuse',
          actor: systemActor('refresh-token-rotation'),
        });
        return { ok: false, reason: 'refresh_token_reuse' };
      }
      await tx.getRepository(RefreshTokenEntity).update({ id: token.id }, { usedAt: now });
      session.lastRefreshedAt = now;
      await tx.getRepository(SessionEntity).update({ id: session.id }, { lastRefreshedAt: now });
      const refreshToken = await this.issueRefreshToken(tx, session, token.id, now);
      return { ok: true, session, refreshToken };
    });
  }

  /** Revokes one session (logout, admin). False when it was already revoked or does not exist. */
  revokeSession(
    sessionId: string,
    change: { reason: SessionRevokeReason; actor: Actor },
    manager?: EntityManager,
  ): Promise<boolean> {
    return inTransaction(this.deps.dataSource, manager, (tx) =>
      this.deps.revocations.revokeSession(tx, sessionId, change),
    );
  }

  /** Revokes every session of a user ("sign out everywhere", admin). Returns how many were live. */
  revokeAllForUser(
    user: { id: string; orgId: string },
    change: { reason: SessionRevokeReason; actor: Actor },
    manager?: EntityManager,
  ): Promise<number> {
    return inTransaction(this.deps.dataSource, manager, (tx) =>
      this.deps.revocations.revokeAllForUser(tx, user, change),
    );
  }

  async findSession(sessionId: string): Promise<SessionEntity | null> {
    return this.deps.dataSource.getRepository(SessionEntity).findOneBy({ id: sessionId });
  }

  private async issueRefreshToken(
    tx: EntityManager,
    session: SessionEntity,
    parentId: string | null,
    now: Date,
  ): Promise<string> {
    const token = generateRefreshToken();
    await tx.getRepository(RefreshTokenEntity).insert({
      id: newId('rt'),
      sessionId: session.id,
      parentId,
      tokenHash: hashRefreshToken(token),
      createdAt: now,
      expiresAt: refreshTokenExpiry(now, session.absoluteExpiresAt, this.refreshTtlMs),
      usedAt: null,
      revokedAt: null,
    });
    return token;
  }
}

function loginEnvelope(
  now: Date,
  input: Pick<CreateSessionInput, 'method' | 'idpId' | 'clientIp' | 'userAgent'>,
) {
  return {
    type: 'identity.login' as const,
    version: 1 as const,
    id: newId('evt'),
    occurredAt: now.toISOString(),
    method: input.method,
    idpId: input.idpId,
    clientIp: input.clientIp,
    userAgent: input.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
  };
}
