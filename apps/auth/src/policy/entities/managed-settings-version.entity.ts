import type { Actor } from '@gatehouse/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One published version of a policy: the whole layered document as authored. Rows are immutable
 * (a trigger refuses UPDATE and DELETE), so any version can be read back or republished later.
 */
@Entity({ name: 'managed_settings_policy_versions' })
export class ManagedSettingsVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'text' })
  policyId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** `{ base, layers }` as validated by @gatehouse/managed-settings. */
  @Column({ type: 'jsonb' })
  document!: Record<string, unknown>;

  /** `sha256:` over the canonical JSON of `document` (the snapshot event's checksum). */
  @Column({ type: 'text' })
  checksum!: string;

  /** Id of the `policy.snapshot` event written with this version. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'published_by', type: 'jsonb' })
  publishedBy!: Actor;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
