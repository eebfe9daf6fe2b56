import { AccessTokenVerifier, remoteJwks } from '@gatehouse/access-token';
import { CookieJar, devIdpLogin, startDevIdp, type DevIdpHandle } from '@gatehouse/dev-idp';
import { createLogger } from '@gatehouse/observability';
import { freePort, type ServiceFastify } from '@gatehouse/service-kit';
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
import { signInSettingsFrom, type SignInSettings } from '../login/sign-in-config';

const logger = createLogger({ service: 'auth-idp-outage-it', level: 'silent' });
const ORG = 'org_acme';
const ALICE = { username: 'alice@example.com', password: 'alice-dev-password' };

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** A browser: one cookie jar across the auth service's pages (the IdP keeps its own). */
class Browser {
  readonly jar = new CookieJar();

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; origin?: string } = {},
  ) {
    const target = new URL(url);
    const cookie = this.jar.headerFor(target);
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.origin ? { origin: init.origin } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.jar.store(target, response.headers.getSetCookie());
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }
}

function csrfTokenIn(html: string): string {
  const match = /id="csrf-token" name="csrf_token" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no CSRF token in page: ${html}`);
  return match[1];
}

function textOf(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  return match?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
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
    const browser = new Browser();
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
    await directory.roleMappings.createRole({
      name: 'developer',
      sessionLifetimeSeconds: 8 * 3600,
    });
    await directory.roleMappings.createMapping({
      orgId: ORG,
      idpGroup: 'engineering',
      roleName: 'developer',
      priority: 10,
      actor: { type: 'system', id: 'it', email: null },
    });

    const settings: SignInSettings | undefined = signInSettingsFrom({
      AUTH_PUBLIC_URL: base,
      AUTH_ORG_ID: ORG,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'gatehouse-dev',
      OIDC_CLIENT_SECRET: 'dev-secret',
      OIDC_SCOPES: ['openid', 'email', 'profile', 'groups'],
      OIDC_CLAIM_EMAIL: 'email',
      OIDC_CLAIM_NAME: 'name',
      OIDC_CLAIM_GROUPS: 'groups',
      OIDC_ALLOWED_DOMAINS: [],
      OIDC_ALLOWED_GROUPS: [],
      OIDC_REQUIRE_GROUPS_CLAIM: false,
      OIDC_REQUIRE_MFA: false,
      OIDC_MFA_AMR: ['mfa'],
      OIDC_MFA_ACR: [],
    });
    if (settings === undefined) throw new Error('sign-in settings expected');
    oauth = createOAuthServices({
      config: {
        AUTH_PUBLIC_URL: base,
        AUTH_ACCESS_TOKEN_TTL: 15 * 60_000,
        AUTH_SIGNING_KEY_ROTATION_DAYS: 30,
        AUTH_BILLING_GROUP_TAG: undefined,
        AUTH_TOKEN_RATE_LIMIT_PER_MINUTE: 1_000,
      },
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
    let interrupted: { deviceCode: string; callbackUrl: string; browser: Browser };

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
      const browser = new Browser();
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
