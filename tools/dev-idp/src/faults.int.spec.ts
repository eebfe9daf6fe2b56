import { decodeJwt } from 'jose';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DevIdpErrorCode,
  buildAuthorizeUrl,
  createPkcePair,
  devIdpLogin,
  startDevIdp,
  type DevIdpHandle,
} from './index';

// Fault knobs and restarts of a real dev IdP child process (loopback only).
const REDIRECT_URI = 'http://127.0.0.1:4001/auth/callback';
const BASIC = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

interface Tokens {
  id_token: string;
  refresh_token: string;
}

async function postToken(idp: DevIdpHandle, params: Record<string, string>): Promise<Response> {
  return fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC },
    body: new URLSearchParams(params).toString(),
  });
}

async function loginAndExchange(
  idp: DevIdpHandle,
  username: string,
  password: string,
): Promise<Tokens> {
  const pkce = createPkcePair();
  const authorizeUrl = buildAuthorizeUrl({
    issuer: idp.issuer,
    clientId: DEFAULT_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    codeChallenge: pkce.challenge,
  });
  const { code } = await devIdpLogin({ authorizeUrl, username, password });
  const response = await postToken(idp, {
    grant_type: 'authorization_code',
    code: code ?? '',
    redirect_uri: REDIRECT_URI,
    code_verifier: pkce.verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

describe('dev IdP fault knobs', () => {
  let idp: DevIdpHandle;

  beforeAll(async () => {
    idp = await startDevIdp();
  });

  afterAll(async () => {
    await idp?.close();
  });

  afterEach(async () => {
    await idp.setFaults({ dropGroupsClaim: false, disabledUsers: [] });
  });

  it('drops the groups claim from ID tokens and userinfo while the knob is on', async () => {
    await idp.setFaults({ dropGroupsClaim: true });
    const tokens = await loginAndExchange(idp, 'alice@example.com', 'alice-dev-password');
    const claims = decodeJwt(tokens.id_token);
    expect(claims.email).toBe('alice@example.com');
    expect(claims).not.toHaveProperty('groups');

    await idp.setFaults({ dropGroupsClaim: false });
    const again = await loginAndExchange(idp, 'alice@example.com', 'alice-dev-password');
    expect(decodeJwt(again.id_token).groups).toEqual(['engineering', 'platform-admins']);
  });

  it('rejects login and refresh for a user disabled at the IdP', async () => {
    const tokens = await loginAndExchange(idp, 'bob@example.com', 'bob-dev-password');
    await idp.setFaults({ disabledUsers: ['Bob@Example.com'] });

    const refresh = await postToken(idp, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    await expect(
      loginAndExchange(idp, 'bob@example.com', 'bob-dev-password'),
    ).rejects.toMatchObject({
      code: DevIdpErrorCode.LoginRejected,
      message: expect.stringContaining('disabled'),
    });
  });

  it('goes down and comes back on the same port with the same signing key', async () => {
    const jwksBefore = await (await fetch(`${idp.issuer}/jwks`)).json();
    await idp.stop();
    expect(idp.isRunning()).toBe(false);
    await expect(fetch(idp.discoveryUrl)).rejects.toThrow();

    await idp.start();
    const discovery = (await (await fetch(idp.discoveryUrl)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(idp.issuer);
    expect(await (await fetch(`${idp.issuer}/jwks`)).json()).toEqual(jwksBefore);
  });
});

describe('dev IdP start options', () => {
  it('serves an overridden user list and starts with the groups claim dropped', async () => {
    const idp = await startDevIdp({
      users: [
        {
          sub: 'u-erin',
          email: 'erin@example.org',
          password: 'pw',
          name: 'Erin',
          groups: ['ops'],
          mfa: true,
        },
      ],
      faults: { dropGroupsClaim: true },
    });
    try {
      expect(idp.users.map((user) => user.email)).toEqual(['erin@example.org']);
      const tokens = await loginAndExchange(idp, 'erin@example.org', 'pw');
      const claims = decodeJwt(tokens.id_token);
      expect(claims).toMatchObject({ sub: 'u-erin', amr: ['pwd', 'mfa'] });
      expect(claims).not.toHaveProperty('groups');
      await expect(
        loginAndExchange(idp, 'alice@example.com', 'alice-dev-password'),
      ).rejects.toMatchObject({
        code: DevIdpErrorCode.LoginRejected,
      });
    } finally {
      await idp.close();
    }
  });

  it('registers extra redirect URIs and rejects unregistered ones', async () => {
    const idp = await startDevIdp({ extraRedirectUris: ['http://127.0.0.1:53682/callback'] });
    try {
      const pkce = createPkcePair();
      const authorize = (redirectUri: string): string =>
        buildAuthorizeUrl({
          issuer: idp.issuer,
          clientId: DEFAULT_CLIENT_ID,
          redirectUri,
          codeChallenge: pkce.challenge,
        });
      const ok = await devIdpLogin({
        authorizeUrl: authorize('http://127.0.0.1:53682/callback'),
        username: 'dave@example.com',
        password: 'dave-dev-password',
      });
      expect(ok.callbackUrl.startsWith('http://127.0.0.1:53682/callback?code=')).toBe(true);
      await expect(
        devIdpLogin({
          authorizeUrl: authorize('http://127.0.0.1:9/elsewhere'),
          username: 'dave@example.com',
          password: 'dave-dev-password',
        }),
      ).rejects.toMatchObject({
        code: DevIdpErrorCode.LoginFlowBroken,
        message: expect.stringContaining('redirect_uri'),
      });
    } finally {
      await idp.close();
    }
  });

  it('fails fast on an invalid seed without starting anything', async () => {
    await expect(
      startDevIdp({
        users: [
          { sub: 'x', email: 'not-an-email', password: 'p', name: 'X', groups: [], mfa: false },
        ],
      }),
    ).rejects.toMatchObject({
      code: DevIdpErrorCode.InvalidSeed,
      message: expect.stringContaining('email'),
    });
  });

  it('refuses in-process mode under jest, where oidc-provider (ESM-only) cannot load', async () => {
    await expect(startDevIdp({ inProcess: true })).rejects.toMatchObject({
      code: DevIdpErrorCode.InProcessUnavailable,
    });
  });
});
