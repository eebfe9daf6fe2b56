import { CookieJar, devIdpLogin, startDevIdp, type DevIdpHandle } from '@gatehouse/dev-idp';
import { createLogger } from '@gatehouse/observability';
import { freePort, type ServiceFastify } from '@gatehouse/service-kit';
import { csrfTokenIn, SignInBrowser, textOf } from '@gatehouse/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import { outboxEvents } from '../directory/test-support/auth-directory-kit';
import { createDeviceCodeGrant, registerSignInRoutes } from '../login/register-sign-in';
import type { SignInConfig, SignInSettings } from '../login/sign-in-config';
import type { DeviceCodeGrant } from '../oauth/token-grant';
import { mapDevIdpEngineeringToDeveloper } from '../test-support/dev-idp-developer-role';
import { devIdpSignInSettings } from '../test-support/dev-idp-sign-in-settings';

const logger = createLogger({ service: 'auth-sign-in-it', level: 'silent' });
const ORG = 'org_acme';

interface AuthServer {
  url: string;
  settings: SignInSettings;
  close(): Promise<void>;
}

describe('device sign-in through the dev IdP (RFC 8628 + OIDC code flow with PKCE)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let idp: DevIdpHandle;
  let grant: DeviceCodeGrant;
  let ports: number[];
  const servers: AuthServer[] = [];

  async function startAuth(
    port: number,
    overrides: Partial<SignInConfig> = {},
  ): Promise<AuthServer> {
    const url = `http://127.0.0.1:${port}`;
    const settings = devIdpSignInSettings(
      { issuer: idp.issuer, publicUrl: url, orgId: ORG },
      overrides,
    );
    const fastify: ServiceFastify = new FastifyAdapter().getInstance();
    await registerSignInRoutes(fastify, { settings, dataSource: db.dataSource, directory, logger });
    await fastify.listen({ port, host: '127.0.0.1' });
    const server = { url, settings, close: () => fastify.close() };
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource });
    grant = createDeviceCodeGrant({ dataSource: db.dataSource, sessions: directory.sessions });
    ports = [await freePort(), await freePort()];
    idp = await startDevIdp({
      extraRedirectUris: ports.map((port) => `http://127.0.0.1:${port}/auth/callback`),
    });
    await mapDevIdpEngineeringToDeveloper(directory, ORG);
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await idp?.close();
    await db?.drop();
  });

  afterEach(async () => {
    await idp.setFaults({ dropGroupsClaim: false });
  });

  /** device_authorization → /device (CSRF) → IdP login → callback; returns the device code and final page. */
  async function signInDevice(server: AuthServer, username: string, password: string) {
    const started = await fetch(`${server.url}/oauth/device_authorization`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'claude-code/2.1.328',
      },
      body: 'surface=claude_code&unknown_param=ignored',
    });
    expect(started.status).toBe(200);
    const device = (await started.json()) as Record<string, unknown>;
    const browser = new SignInBrowser(new CookieJar());
    const page = await browser.request(String(device.verification_uri_complete));
    expect(page.status).toBe(200);
    expect(page.html).toContain(`value="${String(device.user_code)}"`);
    const submitted = await browser.request(`${server.url}/device`, {
      method: 'POST',
      origin: server.url,
      form: {
        csrf_token: csrfTokenIn(page.html),
        user_code: String(device.user_code),
        action: 'approve',
      },
    });
    expect(submitted.status).toBe(303);
    const authorizeUrl = String(submitted.location);
    const login = await devIdpLogin({ authorizeUrl, username, password });
    const callback = await browser.request(login.callbackUrl);
    return { device, authorizeUrl, callback, browser };
  }

  it('signs alice in: the device code exchanges once for a session with her groups and roles', async () => {
    const server = await startAuth(ports[0] as number);
    const started = await fetch(`${server.url}/oauth/device_authorization`, { method: 'POST' });
    const unused = (await started.json()) as {
      device_code: string;
      user_code: string;
      interval: number;
      expires_in: number;
      verification_uri: string;
    };
    expect(unused.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(unused.device_code.length).toBeGreaterThanOrEqual(43);
    expect(unused).toMatchObject({
      expires_in: 600,
      interval: 5,
      verification_uri: `${server.url}/device`,
    });
    expect(await grant.exchange(unused.device_code)).toMatchObject({
      ok: false,
      error: 'authorization_pending',
    });
    expect(await grant.exchange(unused.device_code)).toMatchObject({
      ok: false,
      error: 'slow_down',
    });

    const { device, authorizeUrl, callback } = await signInDevice(
      server,
      'alice@example.com',
      'alice-dev-password',
    );
    const authorize = new URL(authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    // passport-openidconnect draws the nonce as 15 random bytes in base64, cut to 20 characters
    // (120 bits), so `+` and `/` occur.
    expect(authorize.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9+/]{20}$/);
    expect(authorize.searchParams.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(callback.status).toBe(200);
    expect(textOf(callback.html, 'signed-in')).toContain('alice@example.com');

    const outcome = await grant.exchange(String(device.device_code));
    if (!outcome.ok) throw new Error(`exchange failed: ${outcome.error} ${outcome.description}`);
    expect(outcome.email).toBe('alice@example.com');
    expect(outcome.refreshToken).toMatch(/^gh_rt_/);
    const user = await directory.users.findById(outcome.userId);
    expect(user?.groups.sort()).toEqual(['engineering', 'platform-admins']);
    expect(user?.roles).toEqual(['developer']);
    const session = await directory.sessions.findSession(outcome.sessionId);
    expect(session?.clientSurface).toBe('claude_code');
    expect(session?.userAgent).toBe('claude-code/2.1.328');
    if (session === null) throw new Error('session expected');
    expect(session.absoluteExpiresAt.getTime() - session.createdAt.getTime()).toBe(8 * 3600 * 1000);

    expect(await grant.exchange(String(device.device_code))).toMatchObject({
      ok: false,
      error: 'invalid_grant',
    });
  });

  it('refuses a replayed callback (state is single use)', async () => {
    const server = servers[0] as AuthServer;
    const { callback, browser, authorizeUrl } = await signInDevice(
      server,
      'alice@example.com',
      'alice-dev-password',
    );
    expect(callback.status).toBe(200);
    const state = new URL(authorizeUrl).searchParams.get('state');
    const replay = await browser.request(
      `${server.url}/auth/callback?code=whatever&state=${String(state)}`,
    );
    expect(replay.status).toBe(400);
    expect(textOf(replay.html, 'sign-in-error')).toContain('already used');
  });

  it('refuses bob when MFA is required, denies his device and records the failure', async () => {
    const server = servers[0] as AuthServer;
    server.settings.policy.requireMfa = true;
    try {
      const { device, callback } = await signInDevice(
        server,
        'bob@example.com',
        'bob-dev-password',
      );
      expect(callback.status).toBe(403);
      expect(textOf(callback.html, 'sign-in-error')).toContain('requires multi-factor sign-in');
      expect(await grant.exchange(String(device.device_code))).toMatchObject({
        ok: false,
        error: 'access_denied',
      });
      const events = await outboxEvents(db.dataSource);
      expect(events.map((event) => event.payload)).toContainEqual(
        expect.objectContaining({
          type: 'identity.login',
          outcome: 'failed',
          failureReason: 'access_denied',
          method: 'device_grant',
        }),
      );
    } finally {
      server.settings.policy.requireMfa = false;
    }
  });

  it('refuses carol by the email domain allowlist', async () => {
    const server = servers[0] as AuthServer;
    server.settings.policy.allowedDomains = ['example.com'];
    try {
      const { callback } = await signInDevice(
        server,
        'carol@contractor.example',
        'carol-dev-password',
      );
      expect(callback.status).toBe(403);
      expect(textOf(callback.html, 'sign-in-error')).toContain(
        'Accounts from contractor.example may not sign in',
      );
    } finally {
      server.settings.policy.allowedDomains = [];
    }
  });

  it('refuses a login without the groups claim when groups are required, naming the claim', async () => {
    const server = servers[0] as AuthServer;
    server.settings.policy.requireGroupsClaim = true;
    await idp.setFaults({ dropGroupsClaim: true });
    try {
      const { callback } = await signInDevice(server, 'alice@example.com', 'alice-dev-password');
      expect(callback.status).toBe(403);
      expect(textOf(callback.html, 'sign-in-error')).toContain('no groups claim "groups"');
    } finally {
      server.settings.policy.requireGroupsClaim = false;
    }
  });

  it('rejects a POST /device without the CSRF token', async () => {
    const server = servers[0] as AuthServer;
    const browser = new SignInBrowser(new CookieJar());
    await browser.request(`${server.url}/device`);
    const response = await browser.request(`${server.url}/device`, {
      method: 'POST',
      form: { csrf_token: 'forged', user_code: 'BCDF-GHJK', action: 'approve' },
    });
    expect(response.status).toBe(403);
    expect(response.html).toContain('id="device-error"');
  });

  it('serves the device page with a referrer policy under which browsers send their real Origin', async () => {
    const server = servers[0] as AuthServer;
    const page = await fetch(`${server.url}/device`);
    // `no-referrer` makes Chromium send `Origin: null` on the form POST, which the check refuses.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('refuses a POST /device from an opaque origin (Origin: null) even with a valid CSRF token', async () => {
    const server = servers[0] as AuthServer;
    const browser = new SignInBrowser(new CookieJar());
    const page = await browser.request(`${server.url}/device`);
    const response = await browser.request(`${server.url}/device`, {
      method: 'POST',
      origin: 'null',
      form: { csrf_token: csrfTokenIn(page.html), user_code: 'BCDF-GHJK', action: 'approve' },
    });
    expect(response.status).toBe(403);
  });

  it('fails the login with a clear message when the client secret is wrong', async () => {
    const server = await startAuth(ports[1] as number, { OIDC_CLIENT_SECRET: 'not-the-secret' });
    const { device, callback } = await signInDevice(
      server,
      'alice@example.com',
      'alice-dev-password',
    );
    expect(callback.status).toBe(502);
    expect(textOf(callback.html, 'sign-in-error')).toContain(
      "rejected Gatehouse's client credentials (invalid_client",
    );
    expect(textOf(callback.html, 'sign-in-error')).toContain('OIDC_CLIENT_SECRET');
    expect(await grant.exchange(String(device.device_code))).toMatchObject({
      ok: false,
      error: 'authorization_pending',
    });
    const events = await outboxEvents(db.dataSource);
    expect(events.map((event) => event.payload)).toContainEqual(
      expect.objectContaining({
        type: 'identity.login',
        outcome: 'failed',
        failureReason: 'idp_error',
      }),
    );
  });

  it('does not start when the issuer is unreachable, naming the issuer', async () => {
    const closedPort = await freePort();
    const issuer = `http://127.0.0.1:${closedPort}`;
    const fastify: ServiceFastify = new FastifyAdapter().getInstance();
    await expect(
      registerSignInRoutes(fastify, {
        settings: devIdpSignInSettings({ issuer, publicUrl: 'http://127.0.0.1:1', orgId: ORG }),
        dataSource: db.dataSource,
        directory,
        logger,
        discovery: { timeoutMs: 2_000 },
      }),
    ).rejects.toThrow(`OIDC issuer ${issuer} unreachable: ECONNREFUSED`);
    await fastify.close();
  });
});
