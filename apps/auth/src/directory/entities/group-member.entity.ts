import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'group_members' })
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'text' })
  groupId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
