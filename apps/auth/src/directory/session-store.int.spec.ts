import { hashApiKey, isApiKeyFormat } from '@gatehouse/access-token';
import { Topics } from '@gatehouse/contracts';
import {
  createAuthTestDatabase,
  type AuthTestDatabase,
} from '../database/test-support/auth-test-database';
import { createAuthDirectory, type AuthDirectory } from './auth-directory';
import { manualClock, outboxEvents } from './test-support/auth-directory-kit';
import type { DirectoryUser } from './user-directory';

const T0 = new Date('2025-03-01T08:00:00Z');
const HOUR = 3_600_000;
const ADMIN = { type: 'user' as const, id: 'usr_admin', email: 'admin@example.com' };

describe('SessionStore and ServiceAccountKeys (real PostgreSQL)', () => {
  let db: AuthTestDatabase;
  let directory: AuthDirectory;
  let user: DirectoryUser;
  const clock = manualClock(T0);

  /** Rotates and returns the new token, failing the test when the rotation is refused. */
  const mustRotate = async (token: string): Promise<string> => {
    const outcome = await directory.sessions.rotateRefreshToken(token);
    if (!outcome.ok) throw new Error(`rotation refused: ${outcome.reason}`);
    return outcome.refreshToken;
  };

  const startSession = (lifetimeSeconds = 12 * 3600) =>
    directory.sessions.createSession({
      user,
      lifetimeSeconds,
      clientSurface: 'claude_code',
      method: 'device_grant',
      idpId: 'idp_main',
      clientIp: '2001:db8::1',
      userAgent: 'claude-cli/2.1',
    });

  beforeAll(async () => {
    db = await createAuthTestDatabase();
    directory = createAuthDirectory({ dataSource: db.dataSource, clock: clock.now });
    ({ user } = await directory.users.upsertFromLogin({
      orgId: 'org_acme',
      issuer: 'https://idp.example.com',
      subject: 'sub-alice',
      email: 'alice@example.com',
      displayName: 'Alice',
      groups: [],
    }));
  });

  afterAll(async () => {
    await db.drop();
  });

  beforeEach(async () => {
    await db.dataSource.query('DELETE FROM outbox');
  });

  it('creates a session with a hashed refresh token and a login event', async () => {
    const { session, refreshToken } = await startSession();
    expect(session.id).toMatch(/^ses_/);
    expect(session.absoluteExpiresAt.getTime() - session.createdAt.getTime()).toBe(12 * HOUR);
    const stored: { token_hash: string }[] = await db.dataSource.query(
      'SELECT token_hash FROM refresh_tokens WHERE session_id = $1',
      [session.id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(refreshToken);
    const events = await outboxEvents(db.dataSource);
    expect(events).toEqual([
      expect.objectContaining({
        topic: Topics.identityLogin,
        key: user.id,
        payload: expect.objectContaining({
          outcome: 'succeeded',
          sessionId: session.id,
          method: 'device_grant',
          clientIp: '2001:db8::1',
        }),
      }),
    ]);
  });

  it('rotates refresh tokens, and reuse of a used token revokes the session with an event', async () => {
    const { session, refreshToken: first } = await startSession();
    clock.advanceMs(10 * 60_000);
    const rotated = await directory.sessions.rotateRefreshToken(first);
    if (!rotated.ok) throw new Error(`rotation refused: ${rotated.reason}`);
    expect(rotated.session.id).toBe(session.id);
    expect(rotated.refreshToken).not.toBe(first);
    const second = rotated.refreshToken;
    const third = await mustRotate(second);
    await db.dataSource.query('DELETE FROM outbox');

    expect(await directory.sessions.rotateRefreshToken(first)).toEqual({
      ok: false,
      reason: 'refresh_token_reuse',
    });
    const revoked = await directory.sessions.findSession(session.id);
    expect(revoked).toMatchObject({ revokeReason: 'refresh_token_reuse' });
    // The newest token of the family dies with the session.
    expect(await directory.sessions.rotateRefreshToken(third)).toEqual({
      ok: false,
      reason: 'session_revoked',
    });
    const events = await outboxEvents(db.dataSource);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: Topics.identitySessionRevoked,
      key: session.id,
      payload: {
        scope: 'session',
        sessionId: session.id,
        userId: user.id,
        reason: 'refresh_token_reuse',
        actor: { type: 'system' },
      },
    });
  });

  it('enforces the absolute lifetime and rejects unknown tokens', async () => {
    const { refreshToken } = await startSession(4 * 3600);
    clock.advanceMs(3 * HOUR);
    const early = await mustRotate(refreshToken);
    clock.advanceMs(HOUR);
    expect(await directory.sessions.rotateRefreshToken(early)).toEqual({
      ok: false,
      reason: 'session_expired',
    });
    expect(await directory.sessions.rotateRefreshToken('gh_rt_not-a-real-token')).toEqual({
      ok: false,
      reason: 'unknown_token',
    });
  });

  it('logout revokes one session; sign-out-everywhere revokes the rest with one user-wide event', async () => {
    const a = await startSession();
    const b = await startSession();
    await db.dataSource.query('DELETE FROM outbox');
    expect(
      await directory.sessions.revokeSession(a.session.id, {
        reason: 'logout',
        actor: { type: 'user', id: user.id, email: user.email },
      }),
    ).toBe(true);
    expect(
      await directory.sessions.revokeSession(a.session.id, { reason: 'logout', actor: ADMIN }),
    ).toBe(false);
    const live = await directory.sessions.revokeAllForUser(user, {
      reason: 'admin_revoked',
      actor: ADMIN,
    });
    expect(live).toBeGreaterThanOrEqual(1);
    expect(await directory.sessions.rotateRefreshToken(b.refreshToken)).toEqual({
      ok: false,
      reason: 'session_revoked',
    });
    const keys = (await outboxEvents(db.dataSource)).map((event) => event.key);
    expect(keys).toEqual([a.session.id, `user:${user.id}`]);
  });

  it('records a failed login without a session', async () => {
    await directory.sessions.recordFailedLogin({
      user: null,
      failureReason: 'user_not_provisioned',
      method: 'oidc_browser',
      idpId: 'idp_main',
      clientIp: '10.1.2.3',
      userAgent: null,
    });
    const events = await outboxEvents(db.dataSource);
    expect(events[0]).toMatchObject({
      key: 'ip:10.1.2.3',
      payload: { outcome: 'failed', userId: null, sessionId: null },
    });
  });

  it('creates a service account key once, stores only its hash, rotates, revokes and expires keys', async () => {
    const account = await directory.serviceAccounts.create({
      orgId: 'org_acme',
      name: 'ci-main',
      ownerTeamId: 'team_platform',
    });
    const created = await directory.serviceAccountKeys.create(account.id, {
      scopes: ['messages'],
      expiresAt: null,
      actor: ADMIN,
    });
    expect(isApiKeyFormat(created.key)).toBe(true);
    const rows: { key_hash: string; scopes: string[] }[] = await db.dataSource.query(
      'SELECT key_hash, scopes FROM service_account_keys WHERE id = $1',
      [created.keyId],
    );
    expect(rows).toEqual([{ key_hash: hashApiKey(created.key), scopes: ['messages'] }]);

    const immediate = await directory.serviceAccountKeys.rotate(created.keyId, {
      scopes: ['messages'],
      expiresAt: null,
      actor: ADMIN,
    });
    const graced = await directory.serviceAccountKeys.rotate(immediate.keyId, {
      scopes: ['messages'],
      expiresAt: null,
      actor: ADMIN,
      graceSeconds: 3600,
    });
    expect(await directory.serviceAccountKeys.expireDue()).toEqual([]);
    clock.advanceMs(HOUR);
    expect(await directory.serviceAccountKeys.expireDue()).toEqual([immediate.keyId]);
    await directory.serviceAccountKeys.revoke(graced.keyId, ADMIN);
    await directory.serviceAccountKeys.revoke(graced.keyId, ADMIN);

    const events = (await outboxEvents(db.dataSource)).filter(
      (event) => event.topic === Topics.identityServiceAccountKey,
    );
    expect(
      events.map((event) => [event.key, event.payload['change'], event.payload['status']]),
    ).toEqual([
      [created.keyId, 'created', 'active'],
      [immediate.keyId, 'rotated', 'active'],
      [created.keyId, 'revoked', 'revoked'],
      [graced.keyId, 'rotated', 'active'],
      [immediate.keyId, 'revoked', 'revoked'],
      [graced.keyId, 'revoked', 'revoked'],
    ]);
    expect(JSON.stringify(events)).not.toContain(created.key);
    expect(await directory.serviceAccountKeys.listKeys(account.id)).toEqual([]);
  });
});
