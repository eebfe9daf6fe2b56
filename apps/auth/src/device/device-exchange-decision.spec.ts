import { decideExchange, type DeviceRequestState } from './device-exchange-decision';

const start = new Date('2026-01-06T10:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const pending: DeviceRequestState = {
  status: 'pending',
  expiresAt: at(600),
  lastPolledAt: null,
  intervalSeconds: 5,
};

describe('device code exchange decisions (RFC 8628 §3.5)', () => {
  it('answers authorization_pending to a first poll and records it', () => {
    expect(decideExchange(pending, at(1))).toMatchObject({
      kind: 'refuse',
      error: 'authorization_pending',
      update: { lastPolledAt: at(1), intervalSeconds: 5 },
    });
  });

  it('answers slow_down to a poll inside the interval and adds 5 s to it', () => {
    const polled = { ...pending, lastPolledAt: at(10) };
    expect(decideExchange(polled, at(12))).toMatchObject({
      error: 'slow_down',
      update: { lastPolledAt: at(12), intervalSeconds: 10 },
    });
    expect(decideExchange(polled, at(15))).toMatchObject({ error: 'authorization_pending' });
  });

  it('caps the interval so a misbehaving client stays bounded', () => {
    const slow = { ...pending, lastPolledAt: at(10), intervalSeconds: 60 };
    expect(decideExchange(slow, at(11))).toMatchObject({ error: 'slow_down', update: { intervalSeconds: 60 } });
  });

  it('issues for an approved request, regardless of polling pace', () => {
    expect(decideExchange({ ...pending, status: 'approved', lastPolledAt: at(9) }, at(10))).toEqual({ kind: 'issue' });
  });

  it('answers access_denied for a denied request', () => {
    expect(decideExchange({ ...pending, status: 'denied' }, at(10))).toMatchObject({ error: 'access_denied' });
  });

  it('answers expired_token once the request expired, even if it was approved', () => {
    expect(decideExchange(pending, at(600))).toMatchObject({ error: 'expired_token' });
    expect(decideExchange({ ...pending, status: 'approved' }, at(601))).toMatchObject({ error: 'expired_token' });
  });

  it('answers invalid_grant for an unknown or already exchanged code', () => {
    expect(decideExchange(undefined, at(1))).toMatchObject({ error: 'invalid_grant' });
    expect(decideExchange({ ...pending, status: 'consumed' }, at(1))).toMatchObject({ error: 'invalid_grant' });
  });
});
