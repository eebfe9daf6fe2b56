import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 12 hours: the absolute session lifetime when a role does not set its own. */
export const DEFAULT_SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

@Entity({ name: 'roles' })
export class RoleEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Lowercase role name as it appears in tokens and events (`developer`, `admin`). */
  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  /** Absolute lifetime of a session holding this role, refreshes included. */
  @Column({ name: 'session_lifetime_seconds', type: 'integer' })
  sessionLifetimeSeconds!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
