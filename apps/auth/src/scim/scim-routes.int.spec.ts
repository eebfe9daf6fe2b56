import { createLogger } from '@gatehouse/observability';
import type { ServiceFastify } from '@gatehouse/service-kit';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import { outboxEvents, type OutboxEvent } from '../directory/test-support/auth-directory-kit';
import { registerScimRoutes } from './scim-routes';

const TOKEN = 'scim-it-token-5c1d0e6f7a8b9c0d1e2f3a4b5c6d7e8f';
const ORG = 'org_acme';
const ADMIN = { type: 'user' as const, id: 'usr_admin', email: 'admin@example.com' };
const BASE = 'https://gatehouse.example.com/scim/v2';

type Json = Record<string, unknown>;

describe('SCIM 2.0 routes (real PostgreSQL)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let fastify: ServiceFastify;

  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    token: string | null = TOKEN,
  ) => {
    const response = await fastify.inject({
      method,
      url: `/scim/v2${url}`,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json; charset=utf-8' }),
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = response.body;
    return {
      status: response.statusCode,
      headers: response.headers,
      json: (text === '' ? {} : JSON.parse(text)) as Json,
    };
  };

  const newSession = (user: { id: string; email: string | null }) =>
    directory.sessions.createSession({
      user: { ...user, orgId: ORG },
      lifetimeSeconds: 3600,
      clientSurface: 'cli',
      method: 'oidc_loopback_pkce',
      idpId: 'idp_main',
      clientIp: '10.0.0.7',
      userAgent: 'gatehouse-cli/0.1',
    });

  const sessionRevokedAt = async (sessionId: string): Promise<Date | null> => {
    const rows: { revoked_at: Date | null }[] = await db.dataSource.query(
      'SELECT revoked_at FROM sessions WHERE id = $1',
      [sessionId],
    );
    return rows[0]?.revoked_at ?? null;
  };

  const eventsFor = async (userId: string, type: string): Promise<OutboxEvent['payload'][]> =>
    (await outboxEvents(db.dataSource))
      .map((event) => event.payload)
      .filter((payload) => payload.type === type && payload.userId === userId);

  const oktaUser = (email: string) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: 'Ada Lovelace',
    locale: 'en-US',
    groups: [],
    password: 'never-stored-1!',
    active: true,
  });

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource });
    await directory.roleMappings.createRole({ name: 'developer' });
    await directory.roleMappings.createMapping({
      orgId: ORG,
      idpGroup: 'engineering',
      roleName: 'developer',
      priority: 10,
      actor: ADMIN,
    });
    fastify = new FastifyAdapter({ logger: false }).getInstance();
    registerScimRoutes(fastify, {
      dataSource: db.dataSource,
      directory,
      orgId: ORG,
      bearerToken: TOKEN,
      logger: createLogger({ service: 'auth-scim-it', level: 'silent' }),
      publicBaseUrl: 'https://gatehouse.example.com/',
      clientId: 'okta',
    });
    await fastify.ready();
  });

  afterAll(async () => {
    await fastify?.close();
    await db?.drop();
  });

  it('refuses requests without the bearer token in the SCIM error shape', async () => {
    for (const token of [null, 'wrong-token']) {
      const response = await call('GET', '/Users', undefined, token);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/scim+json');
      expect(response.json).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '401',
        detail: 'missing or wrong bearer token',
      });
    }
  });

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await call('GET', '/ServiceProviderConfig');
    expect(config.json).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await call('GET', '/ResourceTypes');
    expect((types.json.Resources as Json[]).map((type) => type.endpoint)).toEqual([
      '/Users',
      '/Groups',
    ]);
    const schema = await call('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    expect(schema.json).toMatchObject({
      id: 'urn:ietf:params:scim:schemas:core:2.0:User',
      name: 'User',
    });
  });

  it('Okta: looks up, creates, filters, deactivates (revoking the session at once) and reactivates a user', async () => {
    const lookup = await call(
      'GET',
      '/Users?filter=userName%20eq%20%22ada%40example.com%22&startIndex=1&count=100',
    );
    expect(lookup.json).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await call('POST', '/Users', oktaUser('ada@example.com'));
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.headers.location).toBe(`${BASE}/Users/${id}`);
    expect(created.json).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id,
      userName: 'ada@example.com',
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      displayName: 'Ada Lovelace',
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
      active: true,
      meta: {
        resourceType: 'User',
        created: expect.any(String),
        lastModified: expect.any(String),
        location: `${BASE}/Users/${id}`,
        version: 'W/"1"',
      },
    });
    expect(await eventsFor(id, 'identity.user_changed')).toEqual([
      expect.objectContaining({
        change: 'provisioned',
        source: 'scim',
        actor: { type: 'scim', id: 'okta', email: null },
      }),
    ]);

    const duplicate = await call('POST', '/Users', oktaUser('ADA@example.com'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({ status: '409', scimType: 'uniqueness' });

    for (const filter of [
      'userName eq "ADA@EXAMPLE.COM"',
      'emails[type eq "work"].value eq "ada@example.com"',
      'name.familyName eq "Lovelace" and active eq true',
    ]) {
      const found = await call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect([filter, found.json.totalResults, (found.json.Resources as Json[])[0]?.id]).toEqual([
        filter,
        1,
        id,
      ]);
    }
    expect((await call('GET', `/Users/${id}`)).json.id).toBe(id);

    const { session } = await newSession({ id, email: 'ada@example.com' });
    const deactivated = await call('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.json.active).toBe(false);
    expect(await sessionRevokedAt(session.id)).toBeInstanceOf(Date);
    expect(await eventsFor(id, 'identity.session_revoked')).toEqual([
      expect.objectContaining({
        scope: 'user',
        reason: 'user_deactivated',
        actor: { type: 'scim', id: 'okta', email: null },
      }),
    ]);
    const inactive = await call('GET', `/Users?filter=${encodeURIComponent('active eq false')}`);
    expect((inactive.json.Resources as Json[]).map((user) => user.id)).toContain(id);

    const reactivated = await call('PATCH', `/Users/${id}`, {
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(reactivated.json.active).toBe(true);
    expect(
      (await eventsFor(id, 'identity.user_changed')).map((event) => [event.change, event.status]),
    ).toEqual([
      ['provisioned', 'active'],
      ['deactivated', 'deactivated'],
      ['updated', 'active'],
    ]);
  });

  it('Entra: creates with an externalId, patches attributes, and deactivates with "False"', async () => {
    const created = await call('POST', '/Users', {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ],
      externalId: 'grace',
      userName: 'grace@contoso.com',
      active: true,
      displayName: 'Grace Hopper',
      emails: [{ primary: true, type: 'work', value: 'grace@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Grace Hopper', familyName: 'Hopper', givenName: 'Grace' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Navy' },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const byExternalId = await call(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "grace"')}`,
    );
    expect((byExternalId.json.Resources as Json[]).map((user) => user.id)).toEqual([id]);

    const updated = await call('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'g.hopper@contoso.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Amazing Grace' },
      ],
    });
    expect(updated.json).toMatchObject({
      emails: [{ value: 'g.hopper@contoso.com' }],
      name: { givenName: 'Amazing Grace', familyName: 'Hopper' },
      meta: { version: 'W/"2"' },
    });

    const { session } = await newSession({ id, email: 'g.hopper@contoso.com' });
    const deactivated = await call('PATCH', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(deactivated.json.active).toBe(false);
    expect(await sessionRevokedAt(session.id)).toBeInstanceOf(Date);
    expect(await eventsFor(id, 'identity.session_revoked')).toEqual([
      expect.objectContaining({ scope: 'user', reason: 'user_deactivated' }),
    ]);
  });

  it('replaces a user with PUT and deletes one: sessions revoked, personal data gone, then 404', async () => {
    const id = (await call('POST', '/Users', oktaUser('linus@example.com'))).json.id as string;
    const replaced = await call('PUT', `/Users/${id}`, {
      ...oktaUser('linus@example.com'),
      id,
      name: { givenName: 'Linus', familyName: 'T' },
      displayName: 'Linus T',
    });
    expect(replaced.json).toMatchObject({
      displayName: 'Linus T',
      name: { givenName: 'Linus' },
      active: true,
    });

    const { session } = await newSession({ id, email: 'linus@example.com' });
    const deleted = await call('DELETE', `/Users/${id}`);
    expect(deleted.status).toBe(204);
    expect(await sessionRevokedAt(session.id)).toBeInstanceOf(Date);
    expect(await eventsFor(id, 'identity.session_revoked')).toEqual([
      expect.objectContaining({ scope: 'user', reason: 'user_deleted' }),
    ]);
    expect((await eventsFor(id, 'identity.user_changed')).at(-1)).toMatchObject({
      change: 'deleted',
      email: null,
      displayName: null,
    });
    const remaining: unknown[] = await db.dataSource.query(
      'SELECT 1 FROM scim_users WHERE user_id = $1 UNION ALL SELECT 1 FROM users WHERE id = $1 AND email IS NOT NULL',
      [id],
    );
    expect(remaining).toEqual([]);
    expect((await call('GET', `/Users/${id}`)).json).toMatchObject({ status: '404' });
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(404);
  });

  it('pages through users with startIndex and count', async () => {
    const all = await call('GET', '/Users?count=200');
    const total = all.json.totalResults as number;
    expect(total).toBeGreaterThanOrEqual(2);
    const second = await call('GET', '/Users?startIndex=2&count=1');
    expect(second.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: total,
      startIndex: 2,
      itemsPerPage: 1,
    });
    expect((second.json.Resources as Json[])[0]?.id).toBe((all.json.Resources as Json[])[1]?.id);
    const countOnly = await call('GET', '/Users?count=0');
    expect(countOnly.json).toMatchObject({ totalResults: total, Resources: [] });
  });

  it('creates a group, adds and removes members (role events), filters, and deletes it', async () => {
    const userId = (await call('POST', '/Users', oktaUser('barbara@example.com'))).json
      .id as string;
    const created = await call('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'engineering',
      members: [],
    });
    expect(created.status).toBe(201);
    const groupId = created.json.id as string;
    expect(created.json).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: groupId,
      displayName: 'engineering',
      members: [],
      meta: expect.objectContaining({
        resourceType: 'Group',
        location: `${BASE}/Groups/${groupId}`,
      }),
    });
    expect((await call('POST', '/Groups', { displayName: 'Engineering' })).json).toMatchObject({
      scimType: 'uniqueness',
    });

    const added = await call('PATCH', `/Groups/${groupId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: userId }] }],
    });
    expect(added.json.members).toEqual([
      {
        value: userId,
        display: 'barbara@example.com',
        $ref: `${BASE}/Users/${userId}`,
        type: 'User',
      },
    ]);
    expect((await eventsFor(userId, 'identity.user_changed')).at(-1)).toMatchObject({
      change: 'updated',
      groups: ['engineering'],
      roles: ['developer'],
    });

    const byName = await call(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}&excludedAttributes=members`,
    );
    expect(byName.json.totalResults).toBe(1);
    expect((byName.json.Resources as Json[])[0]).not.toHaveProperty('members');
    const byMember = await call(
      'GET',
      `/Groups?filter=${encodeURIComponent(`members[value eq "${userId}"]`)}`,
    );
    expect((byMember.json.Resources as Json[]).map((group) => group.id)).toEqual([groupId]);

    const removed = await call('PATCH', `/Groups/${groupId}`, {
      Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
    });
    expect(removed.json.members).toEqual([]);
    expect((await eventsFor(userId, 'identity.user_changed')).at(-1)).toMatchObject({
      groups: [],
      roles: [],
    });

    expect((await call('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect((await call('GET', `/Groups/${groupId}`)).status).toBe(404);
  });

  it('answers bad filters and bad JSON with 400 and the scimType', async () => {
    const badFilter = await call('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(badFilter.json).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    const response = await fastify.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      payload: '{"userName":',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ scimType: 'invalidSyntax' });
    expect((await call('GET', '/Nope')).json).toMatchObject({ status: '404' });
  });
});
