import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SigningKeyV1 } from '@gatehouse/contracts';

export type SigningKeyStatus = SigningKeyV1['status'];
export type PublicJwk = SigningKeyV1['publicJwk'];

/**
 * A token signing key pair. The private key is sealed with AES-256-GCM under
 * AUTH_KEY_ENCRYPTION_KEY (see key-encryption.ts), so a database dump alone cannot mint tokens.
 */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  alg!: PublicJwk['alg'];

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk!: PublicJwk;

  @Column({ name: 'private_key_encrypted', type: 'text' })
  privateKeyEncrypted!: string;

  @Column({ type: 'text' })
  status!: SigningKeyStatus;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
