import { AccessTokenVerifier, remoteJwks } from '@gatehouse/access-token';
import { signingKeyV1Schema, Topics } from '@gatehouse/contracts';
import { silentKafkaLogger } from '@gatehouse/kafka';
import { freePort, type ServiceFastify } from '@gatehouse/service-kit';
import { createTestKafka, uniqueTopicSuffix, waitFor } from '@gatehouse/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { AuthPersistence } from '../database/auth-persistence';
import { testOAuthConfig } from '../test-support/test-oauth-config';
import { createOAuthServices, type OAuthServices } from './oauth-services';
import { registerOAuthRoutes } from './register-oauth-routes';
import { TokenBucketLimiter } from './token-bucket';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Reads a shared compacted topic from the beginning until `key` arrives with `status`. */
async function findSigningKeyEvent(
  kid: string,
  status: string,
  timeoutMs: number,
): Promise<unknown> {
  const consumer = createTestKafka().consumer({
    groupId: `gatehouse-test-auth-keys-${uniqueTopicSuffix()}`,
    maxWaitTimeInMs: 100,
  });
  let found: unknown;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [Topics.identitySigningKey], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString('utf8') !== kid) return;
        const event = signingKeyV1Schema.parse(JSON.parse(message.value?.toString('utf8') ?? '{}'));
        if (event.status === status) found = event;
      },
    });
    return await waitFor(() => found, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
}

describe('OAuth endpoints and signing keys (real PostgreSQL and Kafka)', () => {
  const schema = `auth_it_${randomBytes(6).toString('hex')}`;
  let persistence: AuthPersistence;
  let oauth: OAuthServices;
  let fastify: ServiceFastify;
  let base: string;

  beforeAll(async () => {
    persistence = new AuthPersistence({
      databaseUrl: process.env.DATABASE_TEST_URL ?? '',
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      logger: silentKafkaLogger,
      schema,
      keyEncryptionKey: randomBytes(32).toString('base64'),
    });
    await persistence.start();
    // The issuer URL must be known before the routes exist, so the port is chosen up front.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    fastify = new FastifyAdapter().getInstance();
    oauth = createOAuthServices({
      config: testOAuthConfig(base),
      directory: persistence.directory,
      dataSource: persistence.dataSource,
      logger: silent,
    });
    await oauth.keys.start();
    await registerOAuthRoutes(fastify, oauth.routes);
    await fastify.listen({ port, host: '127.0.0.1' });
  });

  afterAll(async () => {
    oauth.keys.stop();
    await fastify.close();
    await persistence.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await persistence.stop();
  });

  /** A signed-in user with a fresh session, as the device or browser flow would leave it. */
  async function signIn(): Promise<{ userId: string; sessionId: string; refreshToken: string }> {
    const { user, sessionLifetimeSeconds } = await persistence.directory.users.upsertFromLogin({
      orgId: 'org_it',
      issuer: 'https://idp.example.com',
      subject: `sub-${randomBytes(6).toString('hex')}`,
      email: `${randomBytes(6).toString('hex')}@example.com`,
      displayName: 'Ida Tester',
      groups: ['engineering'],
    });
    const issued = await persistence.directory.sessions.createSession({
      user,
      lifetimeSeconds: sessionLifetimeSeconds,
      clientSurface: 'claude_code',
      method: 'device_grant',
      idpId: null,
      clientIp: '127.0.0.1',
      userAgent: 'claude-code/2.1.0',
    });
    return { userId: user.id, sessionId: issued.session.id, refreshToken: issued.refreshToken };
  }

  async function post(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'claude-code/2.1.0',
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  function verifier(): AccessTokenVerifier {
    return new AccessTokenVerifier({
      issuer: base,
      keys: remoteJwks(`${base}/.well-known/jwks.json`),
      cache: false,
    });
  }

  it('serves RFC 8414 metadata with same-origin endpoints and no authorization endpoint', async () => {
    const response = await fetch(`${base}/.well-known/oauth-authorization-server`, {
      headers: { 'user-agent': 'claude-code/2.1.0' },
    });
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      issuer: base,
      device_authorization_endpoint: `${base}/oauth/device_authorization`,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      grant_types_supported: ['refresh_token'],
    });
    expect(document).not.toHaveProperty('authorization_endpoint');
  });

  it('refresh grant: a new refresh token and an access token the proxy verifies; reuse of the old one revokes the session', async () => {
    const signedIn = await signIn();
    const response = await post('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: signedIn.refreshToken,
      surface: 'claude_code',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(body['refresh_token']).not.toBe(signedIn.refreshToken);

    const verified = await verifier().verify(String(body['access_token']));
    expect(verified).toMatchObject({
      ok: true,
      principal: {
        userId: signedIn.userId,
        sessionId: signedIn.sessionId,
        orgId: 'org_it',
        groups: ['engineering'],
      },
    });

    const reuse = await post('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: signedIn.refreshToken,
    });
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(
      (await persistence.directory.sessions.findSession(signedIn.sessionId))?.revokeReason,
    ).toBe('refresh_token_reuse');
    const successor = await post('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: String(body['refresh_token']),
    });
    expect(successor.status).toBe(401);
  });

  it('answers the device grant with unsupported_grant_type while no device flow is wired', async () => {
    const response = await post('/oauth/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: 'x',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('rotation: the old kid stays in the JWKS while retiring so its tokens keep verifying, and a new kid signs', async () => {
    const signedIn = await signIn();
    const first = (await (
      await post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: signedIn.refreshToken,
      })
    ).json()) as Record<string, string>;
    const oldKid = JSON.parse(
      Buffer.from(String(first['access_token']).split('.')[0] ?? '', 'base64url').toString(),
    ).kid;

    await oauth.keys.rotate();
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((key) => key.kid)).toContain(oldKid);
    expect(jwks.keys).toHaveLength(2);
    expect(await verifier().verify(String(first['access_token']))).toMatchObject({ ok: true });

    const second = (await (
      await post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: first['refresh_token'] ?? '',
      })
    ).json()) as Record<string, string>;
    const newKid = JSON.parse(
      Buffer.from(String(second['access_token']).split('.')[0] ?? '', 'base64url').toString(),
    ).kid;
    expect(newKid).not.toBe(oldKid);
    expect(await verifier().verify(String(second['access_token']))).toMatchObject({ ok: true });

    await expect(findSigningKeyEvent(newKid, 'active', 20_000)).resolves.toMatchObject({
      kid: newKid,
    });
    await expect(findSigningKeyEvent(oldKid, 'retiring', 20_000)).resolves.toMatchObject({
      kid: oldKid,
    });
  });

  it('revoke: an access token ends its session, so its refresh token gets invalid_grant', async () => {
    const signedIn = await signIn();
    const tokens = (await (
      await post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: signedIn.refreshToken,
      })
    ).json()) as Record<string, string>;
    const revoked = await post('/oauth/revoke', { token: tokens['access_token'] ?? '' });
    expect(revoked.status).toBe(200);
    expect(
      (await persistence.directory.sessions.findSession(signedIn.sessionId))?.revokeReason,
    ).toBe('logout');
    const refresh = await post('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens['refresh_token'] ?? '',
    });
    expect(refresh.status).toBe(401);
    expect((await post('/oauth/revoke', { token: 'unknown-token' })).status).toBe(200);
  });

  it('revoke: a refresh token with its hint ends the session', async () => {
    const signedIn = await signIn();
    const revoked = await post('/oauth/revoke', {
      token: signedIn.refreshToken,
      token_type_hint: 'refresh_token',
    });
    expect(revoked.status).toBe(200);
    expect(
      (await persistence.directory.sessions.findSession(signedIn.sessionId))?.revokedAt,
    ).not.toBeNull();
  });

  it('rate-limits the token endpoint per IP with 429 slow_down and Retry-After', async () => {
    const limited = new FastifyAdapter().getInstance();
    await registerOAuthRoutes(limited, {
      ...oauth.routes,
      tokenRateLimit: new TokenBucketLimiter({ capacity: 2, refillPerSecond: 0.01 }),
    });
    const port = await freePort();
    await limited.listen({ port, host: '127.0.0.1' });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i += 1) {
        last = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=refresh_token&refresh_token=gh_rt_unknown',
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
      expect(last?.headers.get('retry-after')).toBe('100');
      expect(await last?.json()).toMatchObject({ error: 'slow_down' });
    } finally {
      await limited.close();
    }
  });
});
