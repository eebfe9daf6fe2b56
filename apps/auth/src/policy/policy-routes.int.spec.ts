import { TestTokenSigner } from '@gatehouse/access-token';
import { policySnapshotV1Schema, Topics } from '@gatehouse/contracts';
import { settingsChecksum } from '@gatehouse/managed-settings';
import type { ServiceFastify } from '@gatehouse/service-kit';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import { outboxEvents } from '../directory/test-support/auth-directory-kit';
import { createTestCallers } from '../test-support/test-callers';
import { ManagedSettingsStore } from './managed-settings-store';
import { POLICY_PATHS, registerPolicyRoutes } from './policy-routes';

const ORG = 'org_policy_it';
const POLICY = {
  base: {
    permissions: { deny: ['Read(./.env)'] },
    env: { CLAUDE_CODE_GATEWAY_HINT_HEADERS: '1' },
    someFutureSetting: { enabled: true },
  },
  layers: [
    {
      name: 'ml',
      groups: ['ml-team'],
      settings: { availableModels: ['opus'], permissions: { deny: ['Bash(curl:*)'] } },
    },
  ],
};

interface SettingsBody {
  uuid: string;
  checksum: string;
  settings: Record<string, unknown>;
}

describe('managed-settings policy routes (real PostgreSQL)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let fastify: ServiceFastify;
  let signer: TestTokenSigner;
  let adminToken: string;
  let developerToken: string;

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource });
    const callers = await createTestCallers(ORG);
    signer = callers.signer;
    fastify = new FastifyAdapter({ logger: false }).getInstance();
    registerPolicyRoutes(fastify, {
      store: new ManagedSettingsStore({
        dataSource: db.dataSource,
        outbox: directory.outbox,
        clock: () => new Date(),
      }),
      authenticator: callers.authenticator,
      users: directory.users,
      logger: { error: () => undefined },
    });
    await fastify.ready();
    adminToken = callers.adminToken;
    developerToken = await signer.sign({ sub: 'usr_dev', org: ORG, groups: ['ml-team'] });
  });

  afterAll(async () => {
    await fastify.close();
    await db.drop();
  });

  function call(options: {
    method?: 'GET' | 'PUT';
    url: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }) {
    return fastify.inject({
      method: options.method ?? 'GET',
      url: options.url,
      headers: {
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
  }

  it('answers 404 before any policy is configured, to clients and admins', async () => {
    const client = await call({ url: POLICY_PATHS.settings, token: developerToken });
    expect(client.statusCode).toBe(404);
    expect(client.json()).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: expect.stringMatching(/No managed settings/) },
    });
    expect((await call({ url: POLICY_PATHS.admin, token: adminToken })).statusCode).toBe(404);
  });

  it('refuses a missing or forged bearer with 401 and x-should-retry: false', async () => {
    const missing = await call({ url: POLICY_PATHS.settings });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['x-should-retry']).toBe('false');
    expect(missing.json().error.type).toBe('authentication_error');

    const other = await TestTokenSigner.generate();
    const forged = await call({ url: POLICY_PATHS.admin, token: await other.sign({ org: ORG }) });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses PUT from a signed-in user without the admin role with 403', async () => {
    const response = await call({
      method: 'PUT',
      url: POLICY_PATHS.admin,
      token: developerToken,
      body: POLICY,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'POLICY_NOT_ADMIN' },
    });
    expect(await outboxEvents(db.dataSource)).toEqual([]);
  });

  it('refuses an invalid document with 400 naming each field, and stores nothing', async () => {
    const response = await call({
      method: 'PUT',
      url: POLICY_PATHS.admin,
      token: adminToken,
      body: {
        base: { permissions: { deny: 'Bash(curl:*)' } },
        layers: [{ name: 'x', settings: {} }],
      },
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/base\.permissions\.deny/);
    expect(error.details.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'base.permissions.deny',
      'layers[0].groups',
    ]);
    expect((await call({ url: POLICY_PATHS.versions, token: adminToken })).json()).toEqual({
      versions: [],
    });
  });

  it('publishes versions with a policy.snapshot outbox event each, serves them with ETag and 304', async () => {
    // Admin publishes version 1: one outbox row on the real snapshot topic, keyed by policy.
    const put = await call({
      method: 'PUT',
      url: POLICY_PATHS.admin,
      token: adminToken,
      body: POLICY,
    });
    expect(put.statusCode).toBe(200);
    const v1 = put.json();
    expect(v1).toMatchObject({
      version: 1,
      changed: true,
      checksum: settingsChecksum(v1.document),
    });
    const events = await outboxEvents(db.dataSource);
    expect(events).toHaveLength(1);
    expect(events[0]?.topic).toBe(Topics.policySnapshot);
    expect(events[0]?.key).toBe(v1.policyId);
    expect(policySnapshotV1Schema.parse(events[0]?.payload)).toMatchObject({
      orgId: ORG,
      policyVersion: 1,
      checksum: v1.checksum,
      publishedBy: { type: 'user', id: 'usr_admin', email: 'admin@example.com' },
    });

    // The same document again is not a change: no version, no event.
    const again = await call({
      method: 'PUT',
      url: POLICY_PATHS.admin,
      token: adminToken,
      body: POLICY,
    });
    expect(again.json()).toMatchObject({ version: 1, changed: false });
    expect(await outboxEvents(db.dataSource)).toHaveLength(1);

    // A developer in ml-team gets base + ml merged, with the checksum as quoted ETag.
    const first = await call({ url: POLICY_PATHS.settings, token: developerToken });
    expect(first.statusCode).toBe(200);
    const body = first.json<SettingsBody>();
    expect(body.settings).toEqual({
      permissions: { deny: ['Read(./.env)', 'Bash(curl:*)'] },
      env: { CLAUDE_CODE_GATEWAY_HINT_HEADERS: '1' },
      someFutureSetting: { enabled: true },
      availableModels: ['opus'],
    });
    expect(body.checksum).toBe(settingsChecksum(body.settings));
    expect(body.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.headers.etag).toBe(`"${body.checksum}"`);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const cached = await call({
      url: POLICY_PATHS.settings,
      token: developerToken,
      headers: { 'if-none-match': `"${body.checksum}"` },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    expect(cached.headers.etag).toBe(`"${body.checksum}"`);

    const star = await call({
      url: POLICY_PATHS.settings,
      token: developerToken,
      headers: { 'if-none-match': '*' },
    });
    expect(star.statusCode).toBe(200);
    expect(star.json<SettingsBody>().checksum).toBe(body.checksum);

    // Version 2 changes the ml layer: the old ETag now gets the new document.
    const changed = {
      ...POLICY,
      layers: [
        {
          ...POLICY.layers[0],
          settings: { ...POLICY.layers[0]?.settings, availableModels: ['opus', 'sonnet'] },
        },
      ],
    };
    const v2 = await call({
      method: 'PUT',
      url: POLICY_PATHS.admin,
      token: adminToken,
      body: changed,
    });
    expect(v2.json()).toMatchObject({ version: 2, changed: true });
    const after = await call({
      url: POLICY_PATHS.settings,
      token: developerToken,
      headers: { 'if-none-match': `"${body.checksum}"` },
    });
    expect(after.statusCode).toBe(200);
    const newBody = after.json<SettingsBody>();
    expect(newBody.settings['availableModels']).toEqual(['opus', 'sonnet']);
    expect(newBody.checksum).not.toBe(body.checksum);
    expect(newBody.uuid).not.toBe(body.uuid);

    const versions = (await call({ url: POLICY_PATHS.versions, token: adminToken })).json();
    expect(versions.versions.map((version: { version: number }) => version.version)).toEqual([
      2, 1,
    ]);
    const old = await call({ url: `${POLICY_PATHS.versions}/1`, token: adminToken });
    expect(old.json().document.layers[0].settings.availableModels).toEqual(['opus']);
    expect(
      (await outboxEvents(db.dataSource)).map((event) => event.payload['policyVersion']),
    ).toEqual([1, 2]);
  });

  it('serves the bare document for policy helpers with the same ETag rules', async () => {
    const wrapped = (
      await call({ url: POLICY_PATHS.settings, token: developerToken })
    ).json<SettingsBody>();
    const bare = await call({ url: POLICY_PATHS.settingsFile, token: developerToken });
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toEqual(wrapped.settings);
    expect(bare.headers['x-gatehouse-settings-checksum']).toBe(wrapped.checksum);
    expect(bare.headers['x-gatehouse-settings-uuid']).toBe(wrapped.uuid);
    const cached = await call({
      url: POLICY_PATHS.settingsFile,
      token: developerToken,
      headers: { 'if-none-match': `"${wrapped.checksum}"` },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('previews the merged settings for groups and for a directory user', async () => {
    const byGroups = await call({
      url: `${POLICY_PATHS.preview}?groups=ml-team,sales`,
      token: adminToken,
    });
    expect(byGroups.json()).toMatchObject({
      version: 2,
      appliedLayers: ['ml'],
      settings: { availableModels: ['opus', 'sonnet'] },
    });

    const { user } = await directory.users.upsertFromLogin({
      orgId: ORG,
      issuer: 'https://idp.example.com',
      subject: 'alice',
      email: 'alice@example.com',
      displayName: 'Alice',
      groups: ['sales'],
    });
    const byUser = await call({
      url: `${POLICY_PATHS.preview}?user=${user.id}`,
      token: adminToken,
    });
    expect(byUser.json()).toMatchObject({
      subject: { userId: user.id, groups: ['sales'] },
      appliedLayers: [],
      settings: { permissions: { deny: ['Read(./.env)'] } },
    });
    expect(
      (await call({ url: `${POLICY_PATHS.preview}?user=usr_nobody`, token: adminToken }))
        .statusCode,
    ).toBe(404);
    expect((await call({ url: POLICY_PATHS.preview, token: adminToken })).statusCode).toBe(400);
  });

  it('keeps published versions immutable in the database', async () => {
    await expect(
      db.dataSource.query(`UPDATE managed_settings_policy_versions SET checksum = checksum`),
    ).rejects.toThrow(/immutable/);
    await expect(
      db.dataSource.query(`DELETE FROM managed_settings_policy_versions`),
    ).rejects.toThrow(/immutable/);
  });
});
