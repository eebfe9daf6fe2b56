import { SignJWT } from 'jose';
import { EphemeralSigningKeys } from '../tokens/ephemeral-signing-keys';
import { SigningKeyManager } from '../tokens/signing-key-manager';
import {
  RevocationEndpoint,
  type TokenSession,
  type TokenSessionLookup,
} from './revocation-endpoint';
import { AccessTokenSessions } from './token-session-lookups';

const ISSUER = 'http://127.0.0.1:4001';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function keyManager(): Promise<SigningKeyManager> {
  const manager = new SigningKeyManager({
    backend: new EphemeralSigningKeys(),
    policy: { rotateAfterMs: 86_400_000, tokenTtlMs: 900_000, graceMs: 600_000 },
    clock: () => new Date(),
    logger: silent,
  });
  await manager.maintain();
  return manager;
}

async function token(
  manager: SigningKeyManager,
  claims: Record<string, unknown>,
  expSec: number,
): Promise<string> {
  const key = await manager.signingKeyFor(new Date());
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setExpirationTime(expSec)
    .sign(key.privateKey);
}

function endpoint(refresh: Record<string, TokenSession>, access: TokenSessionLookup) {
  const revoked: { sessionId: string; reason: string }[] = [];
  const revocation = new RevocationEndpoint({
    refreshTokens: { sessionOf: async (value) => refresh[value] ?? null },
    accessTokens: access,
    sessions: {
      revokeSession: async (sessionId, change) => {
        revoked.push({ sessionId, reason: change.reason });
        return true;
      },
    },
    logger: silent,
  });
  return { revocation, revoked };
}

describe('RevocationEndpoint', () => {
  it('given a refresh token, then its session is revoked as a logout and the answer is 200', async () => {
    const { revocation, revoked } = endpoint(
      { gh_rt_abc: { sessionId: 'ses_1', userId: 'usr_1' } },
      { sessionOf: async () => null },
    );
    const response = await revocation.handle({
      token: 'gh_rt_abc',
      token_type_hint: 'refresh_token',
    });
    expect(response.status).toBe(200);
    expect(revoked).toEqual([{ sessionId: 'ses_1', reason: 'logout' }]);
  });

  it('given one of our access tokens, even expired, then its sid is revoked', async () => {
    const manager = await keyManager();
    const access = new AccessTokenSessions({ keys: manager, issuer: ISSUER });
    const { revocation, revoked } = endpoint({}, access);
    const expired = await token(
      manager,
      { iss: ISSUER, aud: 'gatehouse', sub: 'usr_1', sid: 'ses_9' },
      1_000,
    );
    expect((await revocation.handle({ token: expired })).status).toBe(200);
    expect(revoked).toEqual([{ sessionId: 'ses_9', reason: 'logout' }]);
  });

  it('given a token from another issuer or an unknown key, then nothing is revoked and the answer is still 200', async () => {
    const manager = await keyManager();
    const stranger = await keyManager();
    const access = new AccessTokenSessions({ keys: manager, issuer: ISSUER });
    const { revocation, revoked } = endpoint({}, access);
    const exp = Math.floor(Date.now() / 1000) + 600;
    const foreignIssuer = await token(
      manager,
      { iss: 'https://evil.example', aud: 'gatehouse', sub: 'u', sid: 's' },
      exp,
    );
    const foreignKey = await token(
      stranger,
      { iss: ISSUER, aud: 'gatehouse', sub: 'u', sid: 's' },
      exp,
    );
    for (const value of [foreignIssuer, foreignKey, 'not-a-token']) {
      expect((await revocation.handle({ token: value })).status).toBe(200);
    }
    expect(revoked).toEqual([]);
  });

  it('given no token parameter, then 400 invalid_request', async () => {
    const { revocation } = endpoint({}, { sessionOf: async () => null });
    expect(await revocation.handle({})).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });
});
