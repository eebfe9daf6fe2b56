import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SessionRevokedV1 } from '@gatehouse/contracts';

export type SessionRevokeReason = SessionRevokedV1['reason'];

/** One sign-in: the `sid` of every access token minted from it. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  /** `ses_…` */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** No refresh extends a session past this instant (per-role lifetime, fixed at sign-in). */
  @Column({ name: 'absolute_expires_at', type: 'timestamptz' })
  absoluteExpiresAt!: Date;

  @Column({ name: 'last_refreshed_at', type: 'timestamptz', nullable: true })
  lastRefreshedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: SessionRevokeReason | null;

  /** Which client signed in (`claude_code`, `cli`, `console`), for the user's session list. */
  @Column({ name: 'client_surface', type: 'text' })
  clientSurface!: string;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ type: 'inet', nullable: true })
  ip!: string | null;
}
