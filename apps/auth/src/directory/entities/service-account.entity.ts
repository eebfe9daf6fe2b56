import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A non-human principal (CI jobs), owned by a team rather than by a person. */
@Entity({ name: 'service_accounts' })
export class ServiceAccountEntity {
  /** `sa_…` */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'owner_team_id', type: 'text', nullable: true })
  ownerTeamId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  status!: 'active' | 'disabled';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
