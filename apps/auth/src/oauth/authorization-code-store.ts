import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../directory/clock';
import { hashSecret, randomToken } from '../login/secrets';
import {
  AUTHORIZATION_CODE_TTL_MS,
  type StoredAuthorizationCode,
} from './authorization-code-decision';

/** Who approved the sign-in at the IdP, and the request the code answers. */
export interface NewAuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly userId: string;
  readonly orgId: string;
  readonly email: string | null;
  readonly sessionLifetimeSeconds: number;
  readonly idpId: string | null;
  readonly clientIp: string;
  readonly userAgent: string | null;
}

/** A stored code row, locked for the exchange. */
export interface LockedAuthorizationCode extends StoredAuthorizationCode {
  readonly codeHash: string;
  readonly userId: string;
  readonly orgId: string;
  readonly email: string | null;
  readonly sessionLifetimeSeconds: number;
  readonly idpId: string | null;
  readonly clientIp: string;
  readonly userAgent: string | null;
}

const MAX_USER_AGENT = 512;
/** Used and expired codes stay a day, so a late replay is still recognised as a reuse. */
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60_000;

/**
 * Authorization codes in PostgreSQL (hashed), so the code issued by the replica that answered the
 * IdP callback can be redeemed at any replica. Rows are pruned by the next issue; no sweeper.
 */
export class AuthorizationCodeStore {
  constructor(
    readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Stores a new code and returns it; only its hash is kept. */
  async issue(input: NewAuthorizationCode): Promise<string> {
    const now = this.clock();
    const code = randomToken();
    await this.dataSource.query(
      `INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, code_challenge, user_id, org_id,
         email, session_lifetime_seconds, idp_id, client_ip, user_agent, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        hashSecret(code),
        input.clientId,
        input.redirectUri,
        input.codeChallenge,
        input.userId,
        input.orgId,
        input.email,
        input.sessionLifetimeSeconds,
        input.idpId,
        input.clientIp,
        input.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
        now,
        new Date(now.getTime() + AUTHORIZATION_CODE_TTL_MS),
      ],
    );
    await this.dataSource.query('DELETE FROM authorization_codes WHERE expires_at < $1', [
      new Date(now.getTime() - KEEP_AFTER_EXPIRY_MS),
    ]);
    return code;
  }

  /** The row for `code`, locked until `tx` ends, so two exchanges of one code are serialised. */
  async lock(tx: EntityManager, code: string): Promise<LockedAuthorizationCode | undefined> {
    const rows: RawCode[] = await tx.query(
      'SELECT * FROM authorization_codes WHERE code_hash = $1 FOR UPDATE',
      [hashSecret(code)],
    );
    const row = rows[0];
    return row === undefined ? undefined : fromRow(row);
  }

  async markConsumed(tx: EntityManager, codeHash: string, sessionId: string | null): Promise<void> {
    await tx.query(
      'UPDATE authorization_codes SET consumed_at = $2, session_id = COALESCE($3, session_id) WHERE code_hash = $1',
      [codeHash, this.clock(), sessionId],
    );
  }
}

interface RawCode {
  code_hash: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  user_id: string;
  org_id: string;
  email: string | null;
  session_lifetime_seconds: number;
  idp_id: string | null;
  client_ip: string;
  user_agent: string | null;
  expires_at: Date | string;
  consumed_at: Date | string | null;
  session_id: string | null;
}

function fromRow(row: RawCode): LockedAuthorizationCode {
  return {
    codeHash: row.code_hash,
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
    userId: row.user_id,
    orgId: row.org_id,
    email: row.email,
    sessionLifetimeSeconds: row.session_lifetime_seconds,
    idpId: row.idp_id,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
    expiresAt: new Date(row.expires_at),
    consumedAt: row.consumed_at === null ? null : new Date(row.consumed_at),
    sessionId: row.session_id,
  };
}
