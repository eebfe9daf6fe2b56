import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'consumed';

/**
 * One RFC 8628 device authorization request. Pending until someone signs in at `/device` with
 * its user code; approved carries who signed in; consumed once the client exchanged it.
 */
@Entity({ name: 'device_authorizations' })
export class DeviceAuthorizationEntity {
  /** `dev_…` */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'device_code_hash', type: 'text' })
  deviceCodeHash!: string;

  /** Canonical `XXXX-XXXX`. */
  @Column({ name: 'user_code', type: 'text' })
  userCode!: string;

  @Column({ type: 'text' })
  status!: DeviceAuthorizationStatus;

  /** The client that asked (`claude_code`), from the `surface` parameter. */
  @Column({ type: 'text', nullable: true })
  surface!: string | null;

  @Column({ name: 'client_ip', type: 'text' })
  clientIp!: string;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'interval_seconds', type: 'integer' })
  intervalSeconds!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_polled_at', type: 'timestamptz', nullable: true })
  lastPolledAt!: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId!: string | null;

  @Column({ name: 'org_id', type: 'text', nullable: true })
  orgId!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'session_lifetime_seconds', type: 'integer', nullable: true })
  sessionLifetimeSeconds!: number | null;

  @Column({ name: 'idp_id', type: 'text', nullable: true })
  idpId!: string | null;

  /** The session the exchange created. */
  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId!: string | null;
}
