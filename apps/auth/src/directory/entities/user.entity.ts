import { Column, Entity, PrimaryColumn } from 'typeorm';

export const USER_STATUSES = ['active', 'deactivated', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A person known to Gatehouse, provisioned by SCIM or just in time at their first login. */
@Entity({ name: 'users' })
export class UserEntity {
  /** `usr_…`, stable across email and subject changes. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  /** OIDC issuer and subject together identify the person at the IdP; null until the first login. */
  @Column({ type: 'text', nullable: true })
  issuer!: string | null;

  @Column({ name: 'external_subject', type: 'text', nullable: true })
  externalSubject!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ type: 'text' })
  status!: UserStatus;

  /** Bumped on every change and published, so consumers can drop stale `user_changed` events. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;
}
