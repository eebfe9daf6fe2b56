import {
  AccessTokenVerifier,
  DEV_ISSUER,
  staticJwks,
  TestTokenSigner,
} from '@gatehouse/access-token';
import { bearerAuthenticator } from './caller-authenticator';

describe('bearerAuthenticator', () => {
  it('Given a valid bearer, When authenticated, Then yields the principal; otherwise a 401 without the token', async () => {
    const signer = await TestTokenSigner.generate();
    const authenticator = bearerAuthenticator(
      new AccessTokenVerifier({
        issuer: DEV_ISSUER,
        keys: staticJwks(signer.jwks()),
        cache: false,
      }),
    );
    const token = await signer.sign({ sub: 'usr_x', groups: ['g'] });

    const ok = await authenticator.authenticate({ authorization: `Bearer ${token}` });
    expect(ok).toMatchObject({ ok: true, principal: { userId: 'usr_x', groups: ['g'] } });

    const missing = await authenticator.authenticate({});
    expect(missing).toMatchObject({ ok: false, status: 401 });
    const tampered = await authenticator.authenticate({ authorization: `Bearer ${token}x` });
    expect(tampered).toMatchObject({ ok: false, status: 401 });
    expect(JSON.stringify(tampered)).not.toContain(token);
    const basic = await authenticator.authenticate({ authorization: `Basic ${token}` });
    expect(basic).toMatchObject({ ok: false, status: 401 });
  });
});
