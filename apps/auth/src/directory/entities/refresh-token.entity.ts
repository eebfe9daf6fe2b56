import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a session. Only its SHA-256 is stored. Tokens of a session form a chain
 * through `parentId`; each is used once, and presenting a used one again revokes the session.
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** The session is the token family: reuse anywhere in the chain revokes all of it. */
  @Column({ name: 'session_id', type: 'text' })
  sessionId!: string;

  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
