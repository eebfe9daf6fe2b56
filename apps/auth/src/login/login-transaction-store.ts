import type { DataSource } from 'typeorm';
import type { Clock } from '../directory/clock';
import { LoginTransactionEntity, type LoginPurpose } from './login-transaction.entity';
import { hashSecret, sameSecret } from './secrets';

export interface NewLoginTransaction {
  state: string;
  browserBinding: string;
  nonce: string;
  codeVerifier: string;
  purpose: LoginPurpose;
}

export interface OpenLoginTransaction {
  nonce: string;
  codeVerifier: string;
  purpose: LoginPurpose;
}

export type TakeOutcome =
  | { ok: true; transaction: OpenLoginTransaction }
  | { ok: false; reason: 'unknown' | 'expired' | 'other_browser' };

/** How long a person has at the IdP's login page before the callback is refused. */
export const LOGIN_TRANSACTION_TTL_MS = 10 * 60 * 1000;

/**
 * Sign-ins in flight, in PostgreSQL so any replica can finish what another started. `take`
 * deletes the row as it reads it, so a state is usable once even when two callbacks race.
 */
export class LoginTransactionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async open(input: NewLoginTransaction): Promise<void> {
    const now = this.clock();
    await this.dataSource.getRepository(LoginTransactionEntity).insert({
      stateHash: hashSecret(input.state),
      browserBindingHash: hashSecret(input.browserBinding),
      nonce: input.nonce,
      codeVerifier: input.codeVerifier,
      purpose: input.purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_TRANSACTION_TTL_MS),
    });
    // Abandoned sign-ins are removed by whoever starts the next one; no sweeper process needed.
    await this.dataSource.query('DELETE FROM login_transactions WHERE expires_at < $1', [
      new Date(now.getTime() - LOGIN_TRANSACTION_TTL_MS),
    ]);
  }

  /** Consumes the transaction for `state`; it must come back to the browser that started it. */
  async take(state: string, browserBinding: string | undefined): Promise<TakeOutcome> {
    const rows: RawTransaction[] = await this.dataSource.query(
      `DELETE FROM login_transactions WHERE state_hash = $1
       RETURNING browser_binding_hash, nonce, code_verifier, purpose, expires_at`,
      [hashSecret(state)],
    );
    // pg returns [rows, count] for DELETE … RETURNING through TypeORM's query().
    const row = flattenReturning(rows)[0];
    if (row === undefined) return { ok: false, reason: 'unknown' };
    if (new Date(row.expires_at).getTime() <= this.clock().getTime()) {
      return { ok: false, reason: 'expired' };
    }
    if (
      browserBinding === undefined ||
      !sameSecret(row.browser_binding_hash, hashSecret(browserBinding))
    ) {
      return { ok: false, reason: 'other_browser' };
    }
    return {
      ok: true,
      transaction: { nonce: row.nonce, codeVerifier: row.code_verifier, purpose: row.purpose },
    };
  }
}

interface RawTransaction {
  browser_binding_hash: string;
  nonce: string;
  code_verifier: string;
  purpose: LoginPurpose;
  expires_at: Date | string;
}

function flattenReturning(result: unknown): RawTransaction[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0])) {
    return result[0] as RawTransaction[];
  }
  return result as RawTransaction[];
}
