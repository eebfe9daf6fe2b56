import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key of a service account. The key is shown once; only `sha256:` of it is kept. */
@Entity({ name: 'service_account_keys' })
export class ServiceAccountKeyEntity {
  /** `sak_…` (not secret). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'service_account_id', type: 'text' })
  serviceAccountId!: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash!: string;

  /** First characters of the key, so people can tell keys apart in a console. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'rotated_from_key_id', type: 'text', nullable: true })
  rotatedFromKeyId!: string | null;
}
