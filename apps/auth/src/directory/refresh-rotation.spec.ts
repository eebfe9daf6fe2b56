import { decideRefresh, refreshTokenExpiry, sessionAbsoluteExpiry } from './refresh-rotation';

const T0 = new Date('2025-03-01T08:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const liveSession = { revokedAt: null, absoluteExpiresAt: at(12 * 60) };
const freshToken = { usedAt: null, revokedAt: null, expiresAt: at(12 * 60) };

describe('decideRefresh', () => {
  it('given a fresh token of a live session, when presented, then it rotates', () => {
    expect(decideRefresh({ token: freshToken, session: liveSession, now: at(30) })).toEqual({
      kind: 'rotate',
    });
  });

  it('given a token that was already exchanged, when presented again, then reuse is detected', () => {
    const used = { ...freshToken, usedAt: at(10) };
    expect(decideRefresh({ token: used, session: liveSession, now: at(11) })).toEqual({
      kind: 'reuse_detected',
    });
  });

  it('given a used token that has since expired, when replayed, then it still counts as reuse', () => {
    const usedExpired = { ...freshToken, usedAt: at(10), expiresAt: at(20) };
    expect(decideRefresh({ token: usedExpired, session: liveSession, now: at(60) })).toEqual({
      kind: 'reuse_detected',
    });
  });

  it('given the absolute lifetime has passed, then the refresh is rejected even for a fresh token', () => {
    expect(decideRefresh({ token: freshToken, session: liveSession, now: at(12 * 60) })).toEqual({
      kind: 'reject',
      reason: 'session_expired',
    });
  });

  it('given a revoked session, then a replayed token is rejected without a second revocation', () => {
    const revoked = { ...liveSession, revokedAt: at(5) };
    const used = { ...freshToken, usedAt: at(4) };
    expect(decideRefresh({ token: used, session: revoked, now: at(6) })).toEqual({
      kind: 'reject',
      reason: 'session_revoked',
    });
  });

  it('rejects unknown, revoked and expired tokens with their reason', () => {
    expect(decideRefresh({ token: undefined, session: undefined, now: T0 })).toEqual({
      kind: 'reject',
      reason: 'unknown_token',
    });
    expect(
      decideRefresh({
        token: { ...freshToken, revokedAt: at(1) },
        session: liveSession,
        now: at(2),
      }),
    ).toEqual({
      kind: 'reject',
      reason: 'token_revoked',
    });
    expect(
      decideRefresh({
        token: { ...freshToken, expiresAt: at(60) },
        session: liveSession,
        now: at(61),
      }),
    ).toEqual({
      kind: 'reject',
      reason: 'token_expired',
    });
  });
});

describe('lifetimes', () => {
  it('caps a new refresh token at the session expiry', () => {
    expect(refreshTokenExpiry(at(0), at(60), 24 * 3600_000)).toEqual(at(60));
    expect(refreshTokenExpiry(at(0), at(600), 3600_000)).toEqual(at(60));
  });

  it('ends a session its lifetime after sign-in', () => {
    expect(sessionAbsoluteExpiry(T0, 12 * 3600)).toEqual(at(12 * 60));
  });
});
