import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import {
  ACR_MFA,
  ACR_PASSWORD,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DevIdpErrorCode,
  buildAuthorizeUrl,
  createPkcePair,
  devIdpLogin,
  startDevIdp,
  type DevIdpHandle,
} from './index';

// Full authorization code + PKCE flows against a real dev IdP child process on loopback.
const REDIRECT_URI = 'http://127.0.0.1:4001/auth/callback';
const BASIC = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

interface TokenResponse {
  id_token: string;
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
}

let idp: DevIdpHandle;

beforeAll(async () => {
  idp = await startDevIdp();
});

afterAll(async () => {
  await idp?.close();
});

// `null` sends no Authorization header (client_secret_post or a public client).
async function tokenRequest(params: Record<string, string>, authorization: string | null = BASIC) {
  return fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
}

async function signIn(username: string, password: string, nonce = 'n-0S6_WzA2Mj') {
  const pkce = createPkcePair();
  const authorizeUrl = buildAuthorizeUrl({
    issuer: idp.issuer,
    clientId: DEFAULT_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    codeChallenge: pkce.challenge,
    state: 'state-123',
    nonce,
  });
  const result = await devIdpLogin({ authorizeUrl, username, password });
  return { ...result, verifier: pkce.verifier };
}

async function exchange(code: string, verifier: string): Promise<TokenResponse> {
  const response = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenResponse;
}

async function verifyIdToken(idToken: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
    issuer: idp.issuer,
    audience: DEFAULT_CLIENT_ID,
    algorithms: ['RS256'],
  });
  expect(protectedHeader.kid).toEqual(expect.any(String));
  return payload;
}

describe('dev IdP login flow', () => {
  it('publishes discovery whose issuer equals its URL and requires S256 PKCE', async () => {
    const discovery = (await (await fetch(idp.discoveryUrl)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', 'groups', 'offline_access']),
    );
  });

  it.each([
    [
      'alice@example.com',
      'alice-dev-password',
      ['engineering', 'platform-admins'],
      ['pwd', 'mfa'],
      ACR_MFA,
    ],
    ['bob@example.com', 'bob-dev-password', ['engineering'], ['pwd'], ACR_PASSWORD],
    ['carol@contractor.example', 'carol-dev-password', ['contractors'], ['pwd'], ACR_PASSWORD],
    ['dave@example.com', 'dave-dev-password', [], ['pwd'], ACR_PASSWORD],
  ])(
    'signs in %s and issues an ID token with the seeded claims',
    async (email, password, groups, amr, acr) => {
      const login = await signIn(email, password);
      expect(login.state).toBe('state-123');
      expect(login.callbackUrl.startsWith(`${REDIRECT_URI}?`)).toBe(true);
      const tokens = await exchange(login.code ?? '', login.verifier);
      const claims = await verifyIdToken(tokens.id_token);
      const seeded = idp.users.find((user) => user.email === email);
      expect(claims).toMatchObject({
        sub: seeded?.sub,
        email,
        email_verified: true,
        name: seeded?.name,
        groups,
        amr,
        acr,
        nonce: 'n-0S6_WzA2Mj',
      });

      const userinfo = await fetch(`${idp.issuer}/me`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(userinfo.status).toBe(200);
      expect(await userinfo.json()).toEqual({
        sub: seeded?.sub,
        email,
        email_verified: true,
        name: seeded?.name,
        groups,
      });
    },
  );

  it('issues a refresh token that the refresh_token grant accepts', async () => {
    const login = await signIn('bob@example.com', 'bob-dev-password');
    const tokens = await exchange(login.code ?? '', login.verifier);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const refreshed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as TokenResponse;
    const claims = await verifyIdToken(body.id_token);
    expect(claims).toMatchObject({ email: 'bob@example.com', groups: ['engineering'] });
  });

  it('accepts the client secret in the form body as well as in HTTP Basic', async () => {
    const login = await signIn('alice@example.com', 'alice-dev-password');
    const response = await tokenRequest(
      {
        grant_type: 'authorization_code',
        code: login.code ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: login.verifier,
        client_id: DEFAULT_CLIENT_ID,
        client_secret: DEFAULT_CLIENT_SECRET,
      },
      null,
    );
    expect(response.status).toBe(200);
  });

  it('rejects a wrong client secret with invalid_client', async () => {
    const login = await signIn('alice@example.com', 'alice-dev-password');
    const wrong = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:not-the-secret`).toString('base64')}`;
    const response = await tokenRequest(
      {
        grant_type: 'authorization_code',
        code: login.code ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: login.verifier,
      },
      wrong,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('rejects a code exchanged with the wrong PKCE verifier', async () => {
    const login = await signIn('alice@example.com', 'alice-dev-password');
    const response = await tokenRequest({
      grant_type: 'authorization_code',
      code: login.code ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: createPkcePair().verifier,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(
      buildAuthorizeUrl({
        issuer: idp.issuer,
        clientId: DEFAULT_CLIENT_ID,
        redirectUri: REDIRECT_URI,
        codeChallenge: 'x',
      }),
    );
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const login = await devIdpLogin({
      authorizeUrl: url.toString(),
      username: 'alice@example.com',
      password: 'x',
    });
    expect(login.error).toBe('invalid_request');
    expect(login.code).toBeUndefined();
  });

  it('rejects a wrong password with the page message', async () => {
    await expect(signIn('alice@example.com', 'wrong')).rejects.toMatchObject({
      code: DevIdpErrorCode.LoginRejected,
      message: expect.stringContaining('Invalid email or password'),
    });
  });

  it('auto-approves consent when the client forces prompt=consent', async () => {
    const pkce = createPkcePair();
    const authorizeUrl = buildAuthorizeUrl({
      issuer: idp.issuer,
      clientId: DEFAULT_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      codeChallenge: pkce.challenge,
      extra: { prompt: 'login consent' },
    });
    const login = await devIdpLogin({
      authorizeUrl,
      username: 'carol@contractor.example',
      password: 'carol-dev-password',
    });
    const tokens = await exchange(login.code ?? '', pkce.verifier);
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });
});
