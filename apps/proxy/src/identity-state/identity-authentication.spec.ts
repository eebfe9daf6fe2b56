import { generateApiKey, hashApiKey, TestTokenSigner } from '@gatehouse/access-token';
import { sampleEvents, Topics } from '@gatehouse/contracts';
import { createCallerAuthenticator } from '../auth/authenticator-factory';
import { IdentityState, type IdentityRecord } from './identity-state';

const ISSUER = 'https://gw.example.com';
const asRecord = (topic: string, value: object, key: string): IdentityRecord => ({
  topic,
  key,
  value: Buffer.from(JSON.stringify(value)),
  headers: {},
});

describe('caller authentication fed by the identity state (no JWKS URL or file)', () => {
  it('accepts tokens of a published key, refuses them once the user is revoked, and accepts gh_sk_ keys', async () => {
    const signer = await TestTokenSigner.generate({ issuer: ISSUER });
    const state = new IdentityState();
    const authenticator = createCallerAuthenticator({ issuer: ISSUER, audience: 'gatehouse', identity: state });
    const token = await signer.sign({ sub: 'usr_ida', iat: Math.floor(Date.now() / 1000) - 5 });
    const bearer = { authorization: `Bearer ${token}` };

    expect(await authenticator.authenticate(bearer)).toMatchObject({ ok: false });

    const now = new Date();
    const jwk = signer.jwks().keys[0] as { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string };
    state.apply(
      asRecord(
        Topics.identitySigningKey,
        sampleEvents.identitySigningKey({
          kid: signer.kid,
          status: 'active',
          occurredAt: now.toISOString(),
          notBefore: now.toISOString(),
          notAfter: new Date(now.getTime() + 86_400_000).toISOString(),
          publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: signer.kid, alg: 'ES256', use: 'sig' },
        }),
        signer.kid,
      ),
    );
    expect(await authenticator.authenticate(bearer)).toMatchObject({ ok: true, principal: { id: 'usr_ida' } });

    state.apply(
      asRecord(
        Topics.identitySessionRevoked,
        sampleEvents.identitySessionRevoked({
          scope: 'user',
          sessionId: null,
          userId: 'usr_ida',
          reason: 'user_deactivated',
          revokedBefore: now.toISOString(),
          expiresAt: new Date(now.getTime() + 16 * 60_000).toISOString(),
        }),
        'user:usr_ida',
      ),
    );
    // The token is in the verified-token cache by now; revocation is still checked.
    expect(await authenticator.authenticate(bearer)).toMatchObject({ ok: false });

    const apiKey = generateApiKey();
    expect(await authenticator.authenticate({ 'x-api-key': apiKey })).toMatchObject({ ok: false });
    state.apply(
      asRecord(
        Topics.identityServiceAccountKey,
        sampleEvents.identityServiceAccountKey({ keyHash: hashApiKey(apiKey), expiresAt: null, occurredAt: now.toISOString() }),
        'key',
      ),
    );
    expect(await authenticator.authenticate({ 'x-api-key': apiKey })).toMatchObject({ ok: true, principal: { type: 'service_account' } });
  });
});
