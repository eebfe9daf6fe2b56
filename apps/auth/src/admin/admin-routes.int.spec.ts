import { API_KEY_PATTERN, apiKeyDisplayPrefix, hashApiKey } from '@gatehouse/access-token';
import { serviceAccountKeyV1Schema, sessionRevokedV1Schema, Topics } from '@gatehouse/contracts';
import type { ServiceFastify } from '@gatehouse/service-kit';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import { outboxEvents } from '../directory/test-support/auth-directory-kit';
import type { DirectoryUser } from '../directory/user-directory';
import { createTestCallers } from '../test-support/test-callers';
import { registerAdminRoutes } from './admin-routes';

const ORG = 'org_admin_it';

describe('admin API: revocation and service accounts (real PostgreSQL)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let fastify: ServiceFastify;
  let adminToken: string;
  let developerToken: string;
  let otherOrgAdminToken: string;
  let alice: DirectoryUser;

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource });
    const callers = await createTestCallers(ORG);
    const { signer } = callers;
    fastify = new FastifyAdapter({ logger: false }).getInstance();
    registerAdminRoutes(fastify, {
      authenticator: callers.authenticator,
      directory,
      dataSource: db.dataSource,
      logger: { error: () => undefined },
    });
    await fastify.ready();
    adminToken = callers.adminToken;
    developerToken = await signer.sign({ sub: 'usr_dev', org: ORG, roles: ['developer'] });
    otherOrgAdminToken = await signer.sign({
      sub: 'usr_other',
      org: 'org_elsewhere',
      roles: ['gatehouse-admin'],
    });
    ({ user: alice } = await directory.users.upsertFromLogin({
      orgId: ORG,
      issuer: 'https://idp.example.com',
      subject: 'alice',
      email: 'alice@example.com',
      displayName: 'Alice',
      groups: [],
    }));
  });

  afterAll(async () => {
    await fastify.close();
    await db.drop();
  });

  beforeEach(async () => {
    await db.dataSource.query('DELETE FROM outbox');
  });

  function call(options: { method?: 'GET' | 'POST'; url: string; token?: string; body?: object }) {
    return fastify.inject({
      method: options.method ?? 'POST',
      url: options.url,
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      ...(options.body === undefined ? {} : { payload: options.body }),
    });
  }

  const startSession = (user: DirectoryUser = alice) =>
    directory.sessions.createSession({
      user,
      lifetimeSeconds: 3600,
      clientSurface: 'cli',
      method: 'device_grant',
      idpId: null,
      clientIp: '127.0.0.1',
      userAgent: 'gatehouse-cli/test',
    });

  it('refuses a missing token with 401 and a non-admin with 403, changing nothing', async () => {
    const missing = await call({ method: 'GET', url: '/admin/service-accounts' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('UNAUTHENTICATED');

    const { session } = await startSession();
    await db.dataSource.query('DELETE FROM outbox');
    const forbidden = await call({
      url: `/admin/sessions/${session.id}/revoke`,
      token: developerToken,
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'ADMIN_NOT_ADMIN' },
    });
    expect((await directory.sessions.findSession(session.id))?.revokedAt).toBeNull();
    const create = await call({
      url: '/admin/service-accounts',
      token: developerToken,
      body: { name: 'ci-blocked' },
    });
    expect(create.statusCode).toBe(403);
    expect(await outboxEvents(db.dataSource)).toEqual([]);
  });

  it('revokes one session: revoked in the store and a session-revoked outbox row', async () => {
    const { session } = await startSession();
    await db.dataSource.query('DELETE FROM outbox');
    // An admin of another organisation cannot see the session at all.
    const foreign = await call({
      url: `/admin/sessions/${session.id}/revoke`,
      token: otherOrgAdminToken,
    });
    expect(foreign.statusCode).toBe(404);

    const response = await call({ url: `/admin/sessions/${session.id}/revoke`, token: adminToken });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      sessionId: session.id,
      userId: alice.id,
      changed: true,
      revokeReason: 'admin_revoked',
    });
    const stored = await directory.sessions.findSession(session.id);
    expect(stored?.revokedAt).toBeInstanceOf(Date);
    expect(stored?.revokeReason).toBe('admin_revoked');

    const events = await outboxEvents(db.dataSource);
    expect(events).toHaveLength(1);
    expect(events[0]?.topic).toBe(Topics.identitySessionRevoked);
    expect(events[0]?.topic).toMatch(/session-revoked/);
    expect(sessionRevokedV1Schema.parse(events[0]?.payload)).toMatchObject({
      scope: 'session',
      sessionId: session.id,
      userId: alice.id,
      orgId: ORG,
      reason: 'admin_revoked',
      actor: { type: 'user', id: 'usr_admin', email: 'admin@example.com' },
    });

    const again = await call({ url: `/admin/sessions/${session.id}/revoke`, token: adminToken });
    expect(again.json()).toMatchObject({ changed: false });
    expect(await outboxEvents(db.dataSource)).toHaveLength(1);
  });

  it('revokes every session of a user with one user-wide cut-off event', async () => {
    const { user: bob } = await directory.users.upsertFromLogin({
      orgId: ORG,
      issuer: 'https://idp.example.com',
      subject: 'bob',
      email: 'bob@example.com',
      displayName: 'Bob',
      groups: [],
    });
    const first = await startSession(bob);
    const second = await startSession(bob);
    await db.dataSource.query('DELETE FROM outbox');
    const response = await call({
      url: `/admin/users/${bob.id}/revoke-sessions`,
      token: adminToken,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ userId: bob.id, revokedSessions: 2 });
    for (const { session } of [first, second]) {
      expect((await directory.sessions.findSession(session.id))?.revokedAt).not.toBeNull();
    }
    const events = await outboxEvents(db.dataSource);
    expect(events.map((event) => event.payload['scope'])).toEqual(['user']);
    expect(events[0]?.key).toBe(`user:${bob.id}`);
    expect(
      (await call({ url: '/admin/users/usr_nobody/revoke-sessions', token: adminToken }))
        .statusCode,
    ).toBe(404);
  });

  it('rejects malformed bodies with 400 naming each field', async () => {
    const response = await call({
      url: '/admin/service-accounts',
      token: adminToken,
      body: { name: 'Bad Name!', team: 42, colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^invalid request: name: /);
    expect(error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      '(body)',
      'name',
      'team',
    ]);
    const other = await call({
      url: '/admin/service-accounts',
      token: adminToken,
      body: { name: 'ci-other-org', org: 'org_elsewhere' },
    });
    expect(other.statusCode).toBe(403);
  });

  it('creates an account and a key shown once, rotates it with grace, then revokes', async () => {
    const created = await call({
      url: '/admin/service-accounts',
      token: adminToken,
      body: { name: 'ci-deploy', team: 'team_platform', org: ORG },
    });
    expect(created.statusCode).toBe(201);
    const account = created.json();
    expect(account).toMatchObject({ name: 'ci-deploy', team: 'team_platform', orgId: ORG });
    const duplicate = await call({
      url: '/admin/service-accounts',
      token: adminToken,
      body: { name: 'ci-deploy' },
    });
    expect(duplicate.statusCode).toBe(409);

    const listed = await call({ method: 'GET', url: '/admin/service-accounts', token: adminToken });
    expect(listed.json().serviceAccounts.map((row: { id: string }) => row.id)).toEqual([
      account.id,
    ]);
    const foreignList = await call({
      method: 'GET',
      url: '/admin/service-accounts',
      token: otherOrgAdminToken,
    });
    expect(foreignList.json()).toEqual({ serviceAccounts: [] });

    const badKey = await call({
      url: `/admin/service-accounts/${account.id}/keys`,
      token: adminToken,
      body: { scopes: ['models:invoke'], expiresInDays: 0 },
    });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.details.issues[0].path).toBe('expiresInDays');

    const keyResponse = await call({
      url: `/admin/service-accounts/${account.id}/keys`,
      token: adminToken,
      body: { scopes: ['models:invoke'], expiresInDays: 30 },
    });
    expect(keyResponse.statusCode).toBe(201);
    expect(keyResponse.headers['cache-control']).toBe('no-store');
    const key = keyResponse.json();
    expect(key.key).toMatch(API_KEY_PATTERN);
    expect(key.keyPrefix).toBe(apiKeyDisplayPrefix(key.key));
    expect(key.scopes).toEqual(['models:invoke']);
    const rows: { key_hash: string }[] = await db.dataSource.query(
      'SELECT key_hash FROM service_account_keys WHERE id = $1',
      [key.keyId],
    );
    expect(rows).toEqual([{ key_hash: hashApiKey(key.key) }]);

    const keys = await call({
      method: 'GET',
      url: `/admin/service-accounts/${account.id}/keys`,
      token: adminToken,
    });
    expect(keys.statusCode).toBe(200);
    expect(keys.body).not.toContain(key.key);
    expect(keys.json().keys).toEqual([
      expect.objectContaining({ keyId: key.keyId, keyPrefix: key.keyPrefix }),
    ]);
    expect(Object.keys(keys.json().keys[0]).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'keyId',
      'keyPrefix',
      'lastUsedAt',
      'rotatedFromKeyId',
      'scopes',
    ]);

    const before = Date.now();
    const rotated = await call({
      url: `/admin/service-accounts/${account.id}/keys/${key.keyId}/rotate`,
      token: adminToken,
      body: { graceSeconds: 3600 },
    });
    expect(rotated.statusCode).toBe(201);
    const replacement = rotated.json();
    expect(replacement.key).toMatch(API_KEY_PATTERN);
    expect(replacement.key).not.toBe(key.key);
    expect(replacement).toMatchObject({ rotatedFromKeyId: key.keyId, scopes: ['models:invoke'] });
    const oldExpiry = Date.parse(replacement.previousKey.expiresAt);
    expect(oldExpiry).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(oldExpiry).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
    expect(replacement.previousKey.revokedAt).toBeNull();

    await db.dataSource.query('DELETE FROM outbox');
    const revoked = await call({
      url: `/admin/service-accounts/${account.id}/keys/${key.keyId}/revoke`,
      token: adminToken,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    const events = await outboxEvents(db.dataSource);
    expect(events).toHaveLength(1);
    expect(events[0]?.topic).toBe(Topics.identityServiceAccountKey);
    expect(serviceAccountKeyV1Schema.parse(events[0]?.payload)).toMatchObject({
      keyId: key.keyId,
      serviceAccountId: account.id,
      change: 'revoked',
      status: 'revoked',
      actor: { type: 'user', id: 'usr_admin' },
    });
    const remaining = await call({
      method: 'GET',
      url: `/admin/service-accounts/${account.id}/keys`,
      token: adminToken,
    });
    expect(remaining.json().keys.map((row: { keyId: string }) => row.keyId)).toEqual([
      replacement.keyId,
    ]);

    // A revoked key cannot be rotated, and keys of other accounts are not addressable here.
    const rotateRevoked = await call({
      url: `/admin/service-accounts/${account.id}/keys/${key.keyId}/rotate`,
      token: adminToken,
      body: {},
    });
    expect(rotateRevoked.statusCode).toBe(409);
    const wrongAccount = await call({
      url: `/admin/service-accounts/sa_missing/keys/${replacement.keyId}/revoke`,
      token: adminToken,
    });
    expect(wrongAccount.statusCode).toBe(404);
  });
});
