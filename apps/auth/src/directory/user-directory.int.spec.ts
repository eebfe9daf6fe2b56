import { Topics } from '@gatehouse/contracts';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from './auth-directory';
import { DirectoryErrorCode } from './directory-error';
import { manualClock, outboxEvents } from './test-support/auth-directory-kit';
import type { LoginClaims } from './user-directory';

const ADMIN = { type: 'user' as const, id: 'usr_admin', email: 'admin@example.com' };
const T0 = new Date('2025-03-01T08:00:00Z');

describe('UserDirectory (real PostgreSQL)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  const clock = manualClock(T0);

  const claims = (over: Partial<LoginClaims> = {}): LoginClaims => ({
    orgId: 'org_acme',
    issuer: 'https://idp.example.com',
    subject: 'sub-alice',
    email: 'alice@example.com',
    displayName: 'Alice',
    groups: ['engineering', 'platform'],
    ...over,
  });

  const newSession = (user: { id: string; orgId: string; email: string | null }) =>
    directory.sessions.createSession({
      user,
      lifetimeSeconds: 3600,
      clientSurface: 'cli',
      method: 'oidc_loopback_pkce',
      idpId: 'idp_main',
      clientIp: '10.0.0.7',
      userAgent: 'gatehouse-cli/0.1',
    });

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource, clock: clock.now });
    await directory.roleMappings.createRole({
      name: 'developer',
      sessionLifetimeSeconds: 12 * 3600,
    });
    await directory.roleMappings.createRole({ name: 'admin', sessionLifetimeSeconds: 4 * 3600 });
    await directory.roleMappings.createMapping({
      orgId: 'org_acme',
      idpGroup: 'engineering',
      roleName: 'developer',
      priority: 20,
      actor: ADMIN,
    });
    await directory.roleMappings.createMapping({
      orgId: 'org_acme',
      idpGroup: 'platform',
      roleName: 'admin',
      priority: 10,
      actor: ADMIN,
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  beforeEach(async () => {
    await db.dataSource.query('DELETE FROM outbox');
  });

  it('provisions a user on first login with groups, roles, lifetime and a user_changed event', async () => {
    const result = await directory.users.upsertFromLogin(claims());
    expect(result.change).toBe('provisioned');
    expect(result.user).toMatchObject({
      orgId: 'org_acme',
      email: 'alice@example.com',
      status: 'active',
      revision: 1,
      groups: ['engineering', 'platform'],
      roles: ['admin', 'developer'],
    });
    expect(result.user.id).toMatch(/^usr_[0-9a-f]{32}$/);
    expect(result.sessionLifetimeSeconds).toBe(4 * 3600);

    const groups: { display_name: string; source: string }[] = await db.dataSource.query(
      'SELECT g.display_name, g.source FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = $1 ORDER BY 1',
      [result.user.id],
    );
    expect(groups).toEqual([
      { display_name: 'engineering', source: 'idp' },
      { display_name: 'platform', source: 'idp' },
    ]);
    const events = await outboxEvents(db.dataSource);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: Topics.identityUserChanged,
      key: result.user.id,
      payload: {
        type: 'identity.user_changed',
        change: 'provisioned',
        source: 'oidc_jit',
        revision: 1,
        roles: ['admin', 'developer'],
      },
    });
  });

  it('updates groups on the next login, bumps the revision, and writes nothing when nothing changed', async () => {
    const first = await directory.users.upsertFromLogin(
      claims({ subject: 'sub-bob', email: 'bob@example.com' }),
    );
    const second = await directory.users.upsertFromLogin(
      claims({ subject: 'sub-bob', email: 'Bob@example.com', groups: ['engineering'] }),
    );
    expect(second.user.id).toBe(first.user.id);
    expect(second).toMatchObject({ change: 'updated', sessionLifetimeSeconds: 12 * 3600 });
    expect(second.user).toMatchObject({
      revision: 2,
      groups: ['engineering'],
      roles: ['developer'],
    });

    const third = await directory.users.upsertFromLogin(
      claims({ subject: 'sub-bob', email: 'Bob@example.com', groups: ['engineering'] }),
    );
    expect(third.change).toBe('unchanged');
    const changes = (await outboxEvents(db.dataSource)).map((event) => event.payload['change']);
    expect(changes).toEqual(['provisioned', 'updated']);
  });

  it('refuses a second subject with an email another user holds', async () => {
    await directory.users.upsertFromLogin(
      claims({ subject: 'sub-carol', email: 'carol@example.com' }),
    );
    await expect(
      directory.users.upsertFromLogin(
        claims({ subject: 'sub-mallory', email: 'CAROL@example.com' }),
      ),
    ).rejects.toMatchObject({ code: DirectoryErrorCode.EMAIL_TAKEN });
  });

  it('deactivation revokes every session at once, writes the events, and later logins are refused', async () => {
    const { user } = await directory.users.upsertFromLogin(
      claims({ subject: 'sub-dave', email: 'dave@example.com' }),
    );
    const one = await newSession(user);
    const two = await newSession(user);
    await db.dataSource.query('DELETE FROM outbox');

    clock.advanceMs(60_000);
    const deactivated = await directory.users.deactivate(user.id, {
      actor: ADMIN,
      source: 'admin_api',
    });
    expect(deactivated).toMatchObject({ status: 'deactivated', revision: 2 });

    const sessions: { id: string; revoke_reason: string | null }[] = await db.dataSource.query(
      'SELECT id, revoke_reason FROM sessions WHERE user_id = $1 ORDER BY id',
      [user.id],
    );
    expect(sessions.map((s) => s.revoke_reason)).toEqual(['user_deactivated', 'user_deactivated']);
    expect(await directory.sessions.rotateRefreshToken(one.refreshToken)).toEqual({
      ok: false,
      reason: 'session_revoked',
    });
    expect(await directory.sessions.rotateRefreshToken(two.refreshToken)).toEqual({
      ok: false,
      reason: 'session_revoked',
    });

    const events = await outboxEvents(db.dataSource);
    expect(events.map((event) => [event.topic, event.key])).toEqual([
      [Topics.identityUserChanged, user.id],
      [Topics.identitySessionRevoked, `user:${user.id}`],
    ]);
    expect(events[1]?.payload).toMatchObject({
      scope: 'user',
      sessionId: null,
      reason: 'user_deactivated',
      revokedBefore: new Date(T0.getTime() + 60_000).toISOString(),
    });

    await expect(
      directory.users.upsertFromLogin(claims({ subject: 'sub-dave', email: 'dave@example.com' })),
    ).rejects.toMatchObject({
      code: DirectoryErrorCode.USER_INACTIVE,
    });
    // Deactivating again is a no-op: no second set of events.
    await directory.users.deactivate(user.id, { actor: ADMIN, source: 'scim' });
    expect(await outboxEvents(db.dataSource)).toHaveLength(2);
  });

  it('deletion erases personal data in the row and in the event', async () => {
    const { user } = await directory.users.upsertFromLogin(
      claims({ subject: 'sub-erin', email: 'erin@example.com' }),
    );
    await db.dataSource.query('DELETE FROM outbox');
    const deleted = await directory.users.delete(user.id, {
      actor: { type: 'scim', id: 'okta', email: null },
      source: 'scim',
    });
    expect(deleted).toMatchObject({
      status: 'deleted',
      email: null,
      displayName: null,
      groups: [],
    });
    const events = await outboxEvents(db.dataSource);
    expect(events[0]?.payload).toMatchObject({
      change: 'deleted',
      email: null,
      displayName: null,
      externalId: null,
      groups: [],
    });
    expect(events[1]?.payload).toMatchObject({ reason: 'user_deleted', scope: 'user' });
  });

  it('links a SCIM-provisioned user (no subject yet) by email at first login', async () => {
    const now = clock.now();
    await db.dataSource.query(
      `INSERT INTO users (id, org_id, email, display_name, created_at, updated_at) VALUES ('usr_scim_frank', 'org_acme', 'frank@example.com', 'Frank', $1, $1)`,
      [now],
    );
    const result = await directory.users.upsertFromLogin(
      claims({ subject: 'sub-frank', email: 'frank@example.com', groups: [] }),
    );
    expect(result.user.id).toBe('usr_scim_frank');
    expect(result.change).toBe('updated');
  });
});
