import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuthorizationRequest } from '../oauth/authorization-request';

/**
 * What a sign-in was started for; the callback finishes it accordingly: approve a device request
 * (RFC 8628), or answer the CLI's authorization request with a code (RFC 6749 §4.1 + PKCE).
 */
export type LoginPurpose =
  | { kind: 'device'; deviceAuthorizationId: string }
  | { kind: 'authorization_code'; request: AuthorizationRequest };

/**
 * One authorization request in flight to the IdP (state, nonce, PKCE verifier). Kept in
 * PostgreSQL rather than a server-side session so the callback may land on any auth replica;
 * deleted when the callback uses it.
 */
@Entity({ name: 'login_transactions' })
export class LoginTransactionEntity {
  /** `sha256:` of the `state` parameter; the state itself only travels through the browser. */
  @PrimaryColumn({ name: 'state_hash', type: 'text' })
  stateHash!: string;

  /** `sha256:` of the browser-binding cookie set when the sign-in started. */
  @Column({ name: 'browser_binding_hash', type: 'text' })
  browserBindingHash!: string;

  @Column({ type: 'text' })
  nonce!: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier!: string;

  @Column({ type: 'jsonb' })
  purpose!: LoginPurpose;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
