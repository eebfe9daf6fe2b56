import { sampleEvents } from '@gatehouse/contracts';
import { RevocationList } from './revocation-list';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const alice = { userId: 'usr_example_alice', sessionId: 'ses_example_1' };

function userCutoff(revokedBeforeMs: number, expiresAtMs = T0 + 3_600_000) {
  return sampleEvents.identitySessionRevoked({
    scope: 'user',
    sessionId: null,
    userId: alice.userId,
    revokedBefore: iso(revokedBeforeMs),
    expiresAt: iso(expiresAtMs),
  });
}

describe('RevocationList', () => {
  it('given a revoked session, rejects its tokens and no other session', () => {
    const list = new RevocationList();
    list.apply(
      sampleEvents.identitySessionRevoked({
        scope: 'session',
        sessionId: 'ses_example_1',
        userId: alice.userId,
        revokedBefore: iso(T0),
      }),
    );
    expect(list.isRevoked(alice, T0 - 1_000)).toBe(true);
    expect(list.isRevoked(alice, new Date(T0 + 60_000))).toBe(true);
    expect(list.isRevoked({ ...alice, sessionId: 'ses_example_2' }, T0 - 1_000)).toBe(false);
  });

  it('given a user-wide cut-off, rejects credentials issued at or before it only', () => {
    const list = new RevocationList();
    list.apply(userCutoff(T0));
    expect(list.isRevoked(alice, T0)).toBe(true);
    expect(list.isRevoked({ ...alice, sessionId: null }, T0 - 5_000)).toBe(true);
    expect(list.isRevoked(alice, T0 + 1_000)).toBe(false);
    expect(list.isRevoked({ userId: 'usr_example_bob', sessionId: null }, T0)).toBe(false);
  });

  it('never lowers a cut-off when an older event arrives after a newer one', () => {
    const list = new RevocationList();
    list.apply(userCutoff(T0 + 10_000));
    list.apply(userCutoff(T0));
    expect(list.isRevoked(alice, T0 + 5_000)).toBe(true);
  });

  it('is idempotent for a redelivered event', () => {
    const list = new RevocationList();
    list.apply(userCutoff(T0));
    list.apply(userCutoff(T0));
    expect(list.size).toBe(1);
  });

  it('prunes entries once every token they could match has expired', () => {
    let now = T0;
    const list = new RevocationList({ now: () => now, pruneEvery: 2 });
    list.apply(userCutoff(T0, T0 + 1_000));
    now = T0 + 2_000;
    list.apply(
      sampleEvents.identitySessionRevoked({
        scope: 'session',
        sessionId: 'ses_example_9',
        userId: 'usr_example_bob',
        expiresAt: iso(T0 + 3_600_000),
      }),
    );
    expect(list.size).toBe(1);
    expect(list.isRevoked(alice, T0 - 1)).toBe(false);
  });
});
