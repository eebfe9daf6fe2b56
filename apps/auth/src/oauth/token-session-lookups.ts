import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { GATEWAY_AUDIENCE, isAcceptedAlgorithm } from '@gatehouse/access-token';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { DataSource } from 'typeorm';
import { hashRefreshToken } from '../directory/refresh-token-secret';
import type { SigningKeyManager } from '../tokens/signing-key-manager';
import type { TokenSession, TokenSessionLookup } from './revocation-endpoint';

/** Refresh tokens by their stored hash, whatever their state (used, expired or revoked). */
export class RefreshTokenSessions implements TokenSessionLookup {
  constructor(private readonly dataSource: DataSource) {}

  async sessionOf(token: string): Promise<TokenSession | null> {
    const rows: { session_id: string; user_id: string }[] = await this.dataSource.query(
      `SELECT rt.session_id, s.user_id FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
       WHERE rt.token_hash = $1`,
      [hashRefreshToken(token)],
    );
    const row = rows[0];
    return row === undefined ? null : { sessionId: row.session_id, userId: row.user_id };
  }
}

/**
 * Access tokens this service signed, by signature against its own published keys. Expiry is not
 * checked on purpose: signing out with an expired access token must still end the session.
 */
export class AccessTokenSessions implements TokenSessionLookup {
  constructor(
    private readonly deps: { keys: Pick<SigningKeyManager, 'publishedKey'>; issuer: string },
  ) {}

  async sessionOf(token: string): Promise<TokenSession | null> {
    try {
      const header = decodeProtectedHeader(token);
      if (!isAcceptedAlgorithm(header.alg) || typeof header.kid !== 'string') return null;
      const published = this.deps.keys.publishedKey(header.kid);
      if (published === undefined) return null;
      const key = createPublicKey({ key: published.publicJwk as JsonWebKey, format: 'jwk' });
      const { payload } = await compactVerify(token, key, { algorithms: [header.alg] });
      const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
      const audience = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
      if (claims['iss'] !== this.deps.issuer || !audience.includes(GATEWAY_AUDIENCE)) return null;
      const { sid, sub } = claims;
      return typeof sid === 'string' && typeof sub === 'string'
        ? { sessionId: sid, userId: sub }
        : null;
    } catch {
      return null;
    }
  }
}
