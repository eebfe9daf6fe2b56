import { SessionRevokedV1Definition, type Actor } from '@gatehouse/contracts';
import type { EntityManager } from 'typeorm';
import type { OutboxWriter } from '../outbox/outbox-writer';
import type { Clock } from './clock';
import type { SessionRevokeReason } from './entities/session.entity';
import { newId } from './ids';
import { returnedRows } from './transactions';

export interface SessionRevocationsOptions {
  outbox: OutboxWriter;
  clock: Clock;
  /**
   * How long a revocation must be remembered by proxies: the longest access-token lifetime plus
   * clock skew. Tokens issued before the revocation cannot outlive it.
   */
  revocationHorizonMs?: number;
}

const DEFAULT_HORIZON_MS = 16 * 60 * 1000;

/**
 * Revokes sessions and their refresh tokens and writes `identity.session_revoked` in the same
 * transaction. Shared by logout, admin revoke, refresh-token reuse and user deactivation.
 */
export class SessionRevocations {
  private readonly horizonMs: number;

  constructor(private readonly options: SessionRevocationsOptions) {
    this.horizonMs = options.revocationHorizonMs ?? DEFAULT_HORIZON_MS;
  }

  /** Revokes one session; false when it was already revoked (no second event). */
  async revokeSession(
    manager: EntityManager,
    sessionId: string,
    change: { reason: SessionRevokeReason; actor: Actor },
  ): Promise<boolean> {
    const now = this.options.clock();
    const rows = returnedRows<{ user_id: string; org_id: string }>(
      await manager.query(
        `UPDATE sessions SET revoked_at = $2, revoke_reason = $3
         WHERE id = $1 AND revoked_at IS NULL RETURNING user_id, org_id`,
        [sessionId, now, change.reason],
      ),
    );
    const session = rows[0];
    if (session === undefined) return false;
    await manager.query(
      'UPDATE refresh_tokens SET revoked_at = $2 WHERE session_id = $1 AND revoked_at IS NULL',
      [sessionId, now],
    );
    await this.options.outbox.append(manager, SessionRevokedV1Definition, {
      ...this.envelope(now, change),
      scope: 'session',
      sessionId,
      userId: session.user_id,
      orgId: session.org_id,
    });
    return true;
  }

  /**
   * Revokes every live session of a user and publishes one user-wide cut-off, even when no
   * session was live: proxies then reject any token of the user issued up to now.
   * Returns the number of sessions revoked.
   */
  async revokeAllForUser(
    manager: EntityManager,
    user: { id: string; orgId: string },
    change: { reason: SessionRevokeReason; actor: Actor },
  ): Promise<number> {
    const now = this.options.clock();
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE sessions SET revoked_at = $2, revoke_reason = $3
         WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
        [user.id, now, change.reason],
      ),
    );
    if (rows.length > 0) {
      await manager.query(
        'UPDATE refresh_tokens SET revoked_at = $2 WHERE session_id = ANY($1::text[]) AND revoked_at IS NULL',
        [rows.map((row) => row.id), now],
      );
    }
    await this.options.outbox.append(manager, SessionRevokedV1Definition, {
      ...this.envelope(now, change),
      scope: 'user',
      sessionId: null,
      userId: user.id,
      orgId: user.orgId,
    });
    return rows.length;
  }

  private envelope(now: Date, change: { reason: SessionRevokeReason; actor: Actor }) {
    return {
      type: 'identity.session_revoked' as const,
      version: 1 as const,
      id: newId('evt'),
      occurredAt: now.toISOString(),
      reason: change.reason,
      actor: change.actor,
      revokedBefore: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.horizonMs).toISOString(),
    };
  }
}
