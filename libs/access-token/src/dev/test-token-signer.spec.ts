import { decodeJwt, decodeProtectedHeader } from 'jose';
import { accessTokenClaimsSchema } from '../access-token-claims';
import { DEV_ISSUER, TestTokenSigner } from './test-token-signer';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');

describe('TestTokenSigner (in memory)', () => {
  it('signs ES256 tokens with its kid and the dev defaults', async () => {
    const signer = await TestTokenSigner.generate({ now: () => NOW });
    const token = await signer.sign({ email: 'alice@example.com' }, { expiresInSec: 60 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: signer.kid, typ: 'JWT' });
    const claims = accessTokenClaimsSchema.parse(decodeJwt(token));
    expect(claims).toMatchObject({
      iss: DEV_ISSUER,
      aud: 'gatehouse',
      sub: 'usr_dev_alice',
      org: 'org_dev',
      roles: ['developer'],
      principal_type: 'user',
      email: 'alice@example.com',
      iat: NOW / 1000,
      exp: NOW / 1000 + 60,
    });
  });

  it('gives every token its own session and token id unless told otherwise', async () => {
    const signer = await TestTokenSigner.generate();
    const a = decodeJwt(await signer.sign());
    const b = decodeJwt(await signer.sign());
    expect(a['sid']).not.toBe(b['sid']);
    expect(a.jti).not.toBe(b.jti);
    expect(decodeJwt(await signer.sign({ sid: 'ses_fixed' }))['sid']).toBe('ses_fixed');
  });

  it('publishes only the public key', async () => {
    const signer = await TestTokenSigner.generate();
    const [jwk] = signer.jwks().keys;
    expect(jwk).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      kid: signer.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(jwk).not.toHaveProperty('d');
  });

  it('refuses claims that break the contract', async () => {
    const signer = await TestTokenSigner.generate();
    await expect(signer.sign({ sub: 'bad id with spaces' })).rejects.toThrow(/INVALID_CLAIMS: sub/);
  });
});
