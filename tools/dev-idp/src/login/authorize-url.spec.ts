import { createHash } from 'node:crypto';
import { buildAuthorizeUrl, createPkcePair } from './authorize-url';

describe('PKCE and authorize URL', () => {
  it('derives the S256 challenge from the verifier', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });

  it('builds a code request with PKCE, the default scopes and extra parameters', () => {
    const url = new URL(
      buildAuthorizeUrl({
        issuer: 'http://127.0.0.1:4200',
        clientId: 'gatehouse-dev',
        redirectUri: 'http://127.0.0.1:4001/auth/callback',
        codeChallenge: 'chal',
        state: 's',
        extra: { prompt: 'login' },
      }),
    );
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:4200/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'gatehouse-dev',
      scope: 'openid email profile groups offline_access',
      state: 's',
      code_challenge: 'chal',
      code_challenge_method: 'S256',
      prompt: 'login',
    });
    expect(url.searchParams.get('nonce')).toEqual(expect.any(String));
  });
});
