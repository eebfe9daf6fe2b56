import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * "Members of IdP group X get role Y". Mappings match on the group name so an admin can map a
 * group before anyone from it has signed in. Lower `priority` comes first.
 */
@Entity({ name: 'group_role_mappings' })
export class GroupRoleMappingEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'idp_group', type: 'text' })
  idpGroup!: string;

  @Column({ name: 'role_id', type: 'text' })
  roleId!: string;

  @Column({ type: 'integer' })
  priority!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
