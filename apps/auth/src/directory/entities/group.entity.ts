import { Column, Entity, PrimaryColumn } from 'typeorm';

export type GroupSource = 'idp' | 'scim';

/**
 * A directory group. `idp` groups come from the login token's groups claim (external id = the
 * name in the claim); `scim` groups are pushed by the IdP with their own ids.
 */
@Entity({ name: 'groups' })
export class GroupEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  /** The name role mappings match on. */
  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  source!: GroupSource;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
