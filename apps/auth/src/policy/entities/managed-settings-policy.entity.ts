import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The managed-settings policy of one organisation: a pointer to its current version. Writers lock
 * this row, so versions of one organisation are numbered without gaps and published in order.
 */
@Entity({ name: 'managed_settings_policies' })
export class ManagedSettingsPolicyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text', unique: true })
  orgId!: string;

  /** 0 until the first version is published. */
  @Column({ name: 'current_version', type: 'integer' })
  currentVersion!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
