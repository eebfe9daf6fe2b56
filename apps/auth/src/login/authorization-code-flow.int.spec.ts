import { CookieJar, devIdpLogin, startDevIdp, type DevIdpHandle } from '@gatehouse/dev-idp';
import { createLogger } from '@gatehouse/observability';
import { freePort, type ServiceFastify } from '@gatehouse/service-kit';
import { SignInBrowser } from '@gatehouse/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createHash, randomBytes } from 'node:crypto';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import { outboxEvents } from '../directory/test-support/auth-directory-kit';
import { createOAuthServices, type OAuthServices } from '../oauth/oauth-services';
import { registerOAuthRoutes } from '../oauth/register-oauth-routes';
import {
  createAuthorizationCodeGrant,
  createDeviceCodeGrant,
  registerSignInRoutes,
} from './register-sign-in';
import type { SignInSettings } from './sign-in-config';
import { mapDevIdpEngineeringToDeveloper } from '../test-support/dev-idp-developer-role';
import { devIdpSignInSettings } from '../test-support/dev-idp-sign-in-settings';
import { testOAuthConfig } from '../test-support/test-oauth-config';

const logger = createLogger({ service: 'auth-code-flow-it', level: 'silent' });
const ORG = 'org_acme';
const LOOPBACK = 'http://127.0.0.1:53682/callback';

/** The CLI's half of the flow: a PKCE pair and a state, as apps/cli/src/oauth/loopback-login.ts makes them. */
function cliRequest(redirectUri = LOOPBACK) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'gatehouse-cli',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return { verifier, state, redirectUri, query };
}

describe('CLI browser sign-in: /oauth/authorize → dev IdP → loopback code → /oauth/token (real PostgreSQL)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let idp: DevIdpHandle;
  let oauth: OAuthServices;
  let fastify: ServiceFastify;
  let base: string;
  let settings: SignInSettings;

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startDevIdp({ extraRedirectUris: [`${base}/auth/callback`] });
    settings = devIdpSignInSettings({ issuer: idp.issuer, publicUrl: base, orgId: ORG });
    await mapDevIdpEngineeringToDeveloper(directory, ORG);
    oauth = createOAuthServices({
      config: testOAuthConfig(base),
      directory,
      dataSource: db.dataSource,
      logger,
      deviceGrant: createDeviceCodeGrant({
        dataSource: db.dataSource,
        sessions: directory.sessions,
      }),
      authorizationCodeGrant: createAuthorizationCodeGrant({
        dataSource: db.dataSource,
        sessions: directory.sessions,
        logger,
      }),
    });
    await oauth.keys.start();
    fastify = new FastifyAdapter().getInstance();
    await registerOAuthRoutes(fastify, oauth.routes);
    await registerSignInRoutes(fastify, { settings, dataSource: db.dataSource, directory, logger });
    await fastify.listen({ port, host: '127.0.0.1' });
  });

  afterAll(async () => {
    oauth?.keys.stop();
    await fastify?.close();
    await idp?.close();
    await db?.drop();
  });

  /** authorize → IdP login → callback; returns where the callback sent the browser. */
  async function signIn(username: string, password: string, request = cliRequest()) {
    const browser = new SignInBrowser(new CookieJar());
    const authorize = await browser.get(`${base}/oauth/authorize?${request.query.toString()}`);
    expect(authorize.status).toBe(303);
    const idpUrl = String(authorize.location);
    expect(idpUrl.startsWith(idp.issuer)).toBe(true);
    const login = await devIdpLogin({ authorizeUrl: idpUrl, username, password });
    const callback = await browser.get(login.callbackUrl);
    expect(callback.status).toBe(303);
    const loopback = new URL(String(callback.location));
    return { request, loopback, browser, idpUrl };
  }

  function exchange(form: Record<string, string>) {
    return fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'gatehouse-cli/test',
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  function codeForm(
    code: string,
    request: ReturnType<typeof cliRequest>,
    verifier = request.verifier,
  ) {
    return {
      grant_type: 'authorization_code',
      code,
      redirect_uri: request.redirectUri,
      code_verifier: verifier,
      client_id: 'gatehouse-cli',
    };
  }

  it('advertises the authorization endpoint and the code grant next to the device grant', async () => {
    const metadata = (await (
      await fetch(`${base}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      authorization_endpoint: `${base}/oauth/authorize`,
      device_authorization_endpoint: `${base}/oauth/device_authorization`,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.grant_types_supported).toEqual([
      'authorization_code',
      'urn:ietf:params:oauth:grant-type:device_code',
      'refresh_token',
    ]);
  });

  it('signs alice in: the loopback gets code + state, the code exchanges once for a cli session', async () => {
    const { request, loopback } = await signIn('alice@example.com', 'alice-dev-password');
    expect(loopback.origin + loopback.pathname).toBe(LOOPBACK);
    expect(loopback.searchParams.get('state')).toBe(request.state);
    const code = String(loopback.searchParams.get('code'));
    expect(code.length).toBeGreaterThanOrEqual(43);
    const stored: { code_hash: string }[] = await db.dataSource.query(
      'SELECT code_hash FROM authorization_codes',
    );
    expect(stored.map((row) => row.code_hash)).toContain(
      `sha256:${createHash('sha256').update(code).digest('hex')}`,
    );
    expect(JSON.stringify(stored)).not.toContain(code);

    const response = await exchange(codeForm(code, request));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = (await response.json()) as {
      access_token: string;
      refresh_token: string;
      email: string;
      token_type: string;
    };
    expect(tokens).toMatchObject({ token_type: 'Bearer', email: 'alice@example.com' });
    expect(tokens.refresh_token).toMatch(/^gh_rt_/);
    const claims = JSON.parse(
      Buffer.from(String(tokens.access_token.split('.')[1]), 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      email: 'alice@example.com',
      iss: base,
      aud: 'gatehouse',
      org: ORG,
      roles: ['developer'],
    });
    const session = await directory.sessions.findSession(String(claims.sid));
    expect(session).toMatchObject({ clientSurface: 'cli', revokedAt: null });
    const events = await outboxEvents(db.dataSource);
    expect(events.map((event) => event.payload)).toContainEqual(
      expect.objectContaining({
        type: 'identity.login',
        outcome: 'succeeded',
        method: 'oidc_loopback_pkce',
        sessionId: claims.sid,
      }),
    );

    // Refresh works like any other session's.
    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);

    // RFC 6749 §4.1.2: the code again → invalid_grant, and the session it created is revoked.
    const reused = await exchange(codeForm(code, request));
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('already used'),
    });
    expect((await directory.sessions.findSession(String(claims.sid)))?.revokedAt).not.toBeNull();
  });

  it('refuses a wrong code_verifier with invalid_grant, and the code is burnt for the right one too', async () => {
    const { request, loopback } = await signIn('alice@example.com', 'alice-dev-password');
    const code = String(loopback.searchParams.get('code'));
    const wrong = await exchange(codeForm(code, request, randomBytes(32).toString('base64url')));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('code_verifier'),
    });
    const right = await exchange(codeForm(code, request));
    expect(right.status).toBe(400);
    expect(await right.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const { request, loopback } = await signIn('alice@example.com', 'alice-dev-password');
    const code = String(loopback.searchParams.get('code'));
    const response = await exchange({
      ...codeForm(code, request),
      redirect_uri: 'http://127.0.0.1:1/callback',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('redirect_uri'),
    });
  });

  it.each([
    ['a non-loopback redirect', { redirect_uri: 'https://evil.example/callback' }],
    ['a remote http redirect', { redirect_uri: 'http://evil.example:53682/callback' }],
    ['an unknown client', { client_id: 'gatehouse-dev' }],
  ])('refuses %s with a page and never redirects', async (_case, change) => {
    const request = cliRequest();
    for (const [name, value] of Object.entries(change)) request.query.set(name, value);
    const response = await new SignInBrowser(new CookieJar()).get(
      `${base}/oauth/authorize?${request.query.toString()}`,
    );
    expect(response.status).toBe(400);
    expect(response.location).toBeNull();
    expect(response.html).toContain('id="authorize-error"');
  });

  it('sends a request without PKCE back to the loopback with invalid_request', async () => {
    const request = cliRequest();
    request.query.delete('code_challenge');
    const response = await new SignInBrowser(new CookieJar()).get(
      `${base}/oauth/authorize?${request.query.toString()}`,
    );
    expect(response.status).toBe(303);
    const loopback = new URL(String(response.location));
    expect(loopback.searchParams.get('error')).toBe('invalid_request');
    expect(loopback.searchParams.get('state')).toBe(request.state);
  });

  it('answers the loopback with access_denied when the IdP refuses the sign-in', async () => {
    const request = cliRequest();
    const browser = new SignInBrowser(new CookieJar());
    const authorize = await browser.get(`${base}/oauth/authorize?${request.query.toString()}`);
    const idpState = new URL(String(authorize.location)).searchParams.get('state');
    // What the IdP sends when the person cancels (RFC 6749 §4.1.2.1).
    const callback = await browser.get(
      `${base}/auth/callback?error=access_denied&state=${String(idpState)}`,
    );
    expect(callback.status).toBe(303);
    const loopback = new URL(String(callback.location));
    expect(loopback.origin + loopback.pathname).toBe(LOOPBACK);
    expect(loopback.searchParams.get('error')).toBe('access_denied');
    expect(loopback.searchParams.get('state')).toBe(request.state);
    expect(loopback.searchParams.has('code')).toBe(false);
  });

  it('answers the loopback with access_denied when the sign-in policy refuses bob (no MFA), and records the failure', async () => {
    settings.policy.requireMfa = true;
    try {
      const { request, loopback } = await signIn('bob@example.com', 'bob-dev-password');
      expect(loopback.searchParams.get('error')).toBe('access_denied');
      expect(loopback.searchParams.get('error_description')).toContain('multi-factor');
      expect(loopback.searchParams.get('state')).toBe(request.state);
      const events = await outboxEvents(db.dataSource);
      expect(events.map((event) => event.payload)).toContainEqual(
        expect.objectContaining({
          type: 'identity.login',
          outcome: 'failed',
          failureReason: 'access_denied',
          method: 'oidc_loopback_pkce',
        }),
      );
    } finally {
      settings.policy.requireMfa = false;
    }
  });
});
