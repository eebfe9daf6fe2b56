import { AccessTokenVerifier, remoteJwks } from '@gatehouse/access-token';
import { CookieJar, devIdpLogin, startDevIdp, type DevIdpHandle } from '@gatehouse/dev-idp';
import { createLogger } from '@gatehouse/observability';
import { freePort, type ServiceFastify } from '@gatehouse/service-kit';
import { csrfTokenIn, SignInBrowser, textOf } from '@gatehouse/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import { KeyEncryption } from '../directory/key-encryption';
import { DEVICE_CODE_GRANT_TYPE } from '../oauth/grant-types';
import { createOAuthServices, type OAuthServices } from '../oauth/oauth-services';
import { registerOAuthRoutes } from '../oauth/register-oauth-routes';
import { createDeviceCodeGrant, registerSignInRoutes } from '../login/register-sign-in';
import { mapDevIdpEngineeringToDeveloper } from '../test-support/dev-idp-developer-role';
import { devIdpSignInSettings } from '../test-support/dev-idp-sign-in-settings';
import { testOAuthConfig } from '../test-support/test-oauth-config';

const logger = createLogger({ service: 'auth-idp-outage-it', level: 'silent' });
const ORG = 'org_acme';
const ALICE = { username: 'alice@example.com', password: 'alice-dev-password' };

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/**
 * Auth acceptance: "the IdP being down does not break sessions already issued". The IdP is only
 * needed to start a session; refreshing it and verifying its access tokens use Gatehouse's own
 * directory (PostgreSQL) and signing keys. Only a new sign-in needs the IdP, and that fails with
 * a message naming it.
 */
describe('an IdP outage (real PostgreSQL, dev IdP taken down)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let idp: DevIdpHandle;
  let oauth: OAuthServices;
  let fastify: ServiceFastify;
  let base: string;
  let issued: TokenResponse;

  async function postForm(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'claude-code/2.1.328',
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** device_authorization → /device (CSRF) → 303 towards the IdP; returns the device and where the browser goes. */
  async function startDeviceSignIn() {
    const started = await postForm('/oauth/device_authorization', { surface: 'claude_code' });
    expect(started.status).toBe(200);
    const device = (await started.json()) as {
      device_code: string;
      user_code: string;
      verification_uri_complete: string;
    };
    const browser = new SignInBrowser(new CookieJar());
    const page = await browser.request(device.verification_uri_complete);
    expect(page.status).toBe(200);
    const submitted = await browser.request(`${base}/device`, {
      method: 'POST',
      origin: base,
      form: { csrf_token: csrfTokenIn(page.html), user_code: device.user_code, action: 'approve' },
    });
    expect(submitted.status).toBe(303);
    return { device, browser, authorizeUrl: String(submitted.location) };
  }

  async function exchangeDeviceCode(deviceCode: string): Promise<Response> {
    return postForm('/oauth/token', {
      grant_type: DEVICE_CODE_GRANT_TYPE,
      device_code: deviceCode,
    });
  }

  function verifier(): AccessTokenVerifier {
    return new AccessTokenVerifier({
      issuer: base,
      keys: remoteJwks(`${base}/.well-known/jwks.json`),
      cache: false,
    });
  }

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    // Stored (encrypted) signing keys, as in a real deployment: nothing about them involves the IdP.
    directory = createAuthDirectory({
      dataSource: db.dataSource,
      keyEncryption: new KeyEncryption(randomBytes(32).toString('base64')),
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startDevIdp({ extraRedirectUris: [`${base}/auth/callback`] });
    await mapDevIdpEngineeringToDeveloper(directory, ORG);

    const settings = devIdpSignInSettings({ issuer: idp.issuer, publicUrl: base, orgId: ORG });
    oauth = createOAuthServices({
      config: testOAuthConfig(base),
      directory,
      dataSource: db.dataSource,
      logger,
      deviceGrant: createDeviceCodeGrant({
        dataSource: db.dataSource,
        sessions: directory.sessions,
      }),
    });
    await oauth.keys.start();
    // The same wiring as main.ts: OAuth routes, then the sign-in routes (which discover the issuer).
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

  it('signs alice in through the device flow while the IdP is up', async () => {
    const { device, browser, authorizeUrl } = await startDeviceSignIn();
    const login = await devIdpLogin({ authorizeUrl, ...ALICE });
    const callback = await browser.request(login.callbackUrl);
    expect(callback.status).toBe(200);
    expect(textOf(callback.html, 'signed-in')).toContain(ALICE.username);

    const exchanged = await exchangeDeviceCode(device.device_code);
    expect(exchanged.status).toBe(200);
    issued = (await exchanged.json()) as TokenResponse;
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(issued.refresh_token).toMatch(/^gh_rt_/);
  });

  describe('while the IdP is down', () => {
    // A sign-in that got through the IdP's login page just before the outage, its callback not yet delivered.
    let interrupted: { deviceCode: string; callbackUrl: string; browser: SignInBrowser };

    beforeAll(async () => {
      const { device, browser, authorizeUrl } = await startDeviceSignIn();
      const login = await devIdpLogin({ authorizeUrl, ...ALICE });
      interrupted = { deviceCode: device.device_code, callbackUrl: login.callbackUrl, browser };
      await idp.stop();
      await expect(fetch(idp.discoveryUrl)).rejects.toThrow();
    });

    it('the access token issued before the outage still verifies against the served JWKS', async () => {
      const verified = await verifier().verify(issued.access_token);
      expect(verified).toMatchObject({
        ok: true,
        principal: { email: ALICE.username, orgId: ORG },
      });
    });

    it('the refresh grant still returns new tokens, and the new access token verifies', async () => {
      const refreshed = await postForm('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: issued.refresh_token,
      });
      expect(refreshed.status).toBe(200);
      const tokens = (await refreshed.json()) as TokenResponse;
      expect(tokens.refresh_token).toMatch(/^gh_rt_/);
      expect(tokens.refresh_token).not.toBe(issued.refresh_token);
      expect(tokens.access_token).not.toBe(issued.access_token);

      const before = await verifier().verify(issued.access_token);
      const after = await verifier().verify(tokens.access_token);
      if (!before.ok || !after.ok) throw new Error('both access tokens should verify');
      expect(after.principal.sessionId).toBe(before.principal.sessionId);
      expect(after.principal.userId).toBe(before.principal.userId);
      issued = tokens;
    });

    it('a new sign-in stops on a page naming the IdP instead of sending the browser to it, and the device keeps waiting', async () => {
      const started = await postForm('/oauth/device_authorization', { surface: 'claude_code' });
      const device = (await started.json()) as {
        device_code: string;
        user_code: string;
        verification_uri_complete: string;
      };
      const browser = new SignInBrowser(new CookieJar());
      const page = await browser.request(device.verification_uri_complete);
      const submitted = await browser.request(`${base}/device`, {
        method: 'POST',
        origin: base,
        form: {
          csrf_token: csrfTokenIn(page.html),
          user_code: device.user_code,
          action: 'approve',
        },
      });
      expect(submitted.status).toBe(502);
      const message = textOf(submitted.html, 'sign-in-error');
      expect(message).toContain('not answering');
      expect(message).toContain(idp.issuer);
      const poll = await exchangeDeviceCode(device.device_code);
      expect(poll.status).toBe(400);
      expect(await poll.json()).toMatchObject({ error: 'authorization_pending' });
    });

    it('a sign-in caught by the outage ends on an error page naming the IdP, and its device keeps waiting', async () => {
      const callback = await interrupted.browser.request(interrupted.callbackUrl);
      expect(callback.status).toBe(502);
      const message = textOf(callback.html, 'sign-in-error');
      expect(message).toContain(`Could not exchange the code at ${idp.issuer}`);
      expect(message).toContain('the identity provider did not answer');

      const poll = await exchangeDeviceCode(interrupted.deviceCode);
      expect(poll.status).toBe(400);
      expect(await poll.json()).toMatchObject({ error: 'authorization_pending' });
    });
  });

  it('once the IdP is back, a new sign-in completes and the session from before still refreshes', async () => {
    // Runs after the outage block (jest keeps declaration order); the IdP is still down here.
    expect(idp.isRunning()).toBe(false);
    await idp.start();
    const { device, browser, authorizeUrl } = await startDeviceSignIn();
    const login = await devIdpLogin({ authorizeUrl, ...ALICE });
    expect((await browser.request(login.callbackUrl)).status).toBe(200);
    expect((await exchangeDeviceCode(device.device_code)).status).toBe(200);

    const refreshed = await postForm('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token,
    });
    expect(refreshed.status).toBe(200);
  });
});
