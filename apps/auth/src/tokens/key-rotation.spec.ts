import {
  canSign,
  newKeyValidity,
  planRotation,
  type KeyLifecycle,
  type RotationPolicy,
} from './key-rotation';

const T0 = new Date('2026-01-01T00:00:00Z');
const DAY = 24 * 60 * 60_000;
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const policy: RotationPolicy = {
  rotateAfterMs: 30 * DAY,
  tokenTtlMs: 15 * 60_000,
  graceMs: 10 * 60_000,
};

function key(kid: string, status: KeyLifecycle['status'], createdAtMs: number): KeyLifecycle {
  return { kid, status, ...newKeyValidity(at(createdAtMs), policy) };
}

describe('planRotation', () => {
  it('given no key, then a first key is created and nothing else changes', () => {
    expect(planRotation([], T0, policy)).toEqual({ create: true, retire: [], revoke: [] });
  });

  it('given an active key younger than the rotation period, then nothing changes', () => {
    expect(planRotation([key('k1', 'active', 0)], at(29 * DAY), policy)).toEqual({
      create: false,
      retire: [],
      revoke: [],
    });
  });

  it('given the active key is due, then a new key is created and the old one retires (still published)', () => {
    expect(planRotation([key('k1', 'active', 0)], at(30 * DAY), policy)).toEqual({
      create: true,
      retire: ['k1'],
      revoke: [],
    });
  });

  it('given a retiring key whose notAfter has passed, then it is revoked', () => {
    const retiring = key('k1', 'retiring', 0);
    const keys = [retiring, key('k2', 'active', 30 * DAY)];
    expect(planRotation(keys, new Date(retiring.notAfter.getTime() - 1), policy).revoke).toEqual(
      [],
    );
    expect(planRotation(keys, retiring.notAfter, policy).revoke).toEqual(['k1']);
  });

  it('given two active keys after a race, then the older one retires and no key is created', () => {
    const keys = [key('old', 'active', 0), key('new', 'active', 1_000)];
    expect(planRotation(keys, at(DAY), policy)).toEqual({
      create: false,
      retire: ['old'],
      revoke: [],
    });
  });

  it('given an admin rotation, then a new key is created even when none is due', () => {
    expect(planRotation([key('k1', 'active', 0)], at(DAY), policy, { force: true })).toEqual({
      create: true,
      retire: ['k1'],
      revoke: [],
    });
  });

  it('given an emergency rotation, then the active and retiring keys are revoked at once', () => {
    const keys = [key('k0', 'retiring', -30 * DAY), key('k1', 'active', 0)];
    const plan = planRotation(keys, at(DAY), policy, { force: true, revokePrevious: true });
    expect(plan).toEqual({ create: true, retire: ['k1'], revoke: ['k0', 'k1'] });
  });

  it('given a scheduler so late that a new token would outlive the key, then the key is replaced', () => {
    const k1 = key('k1', 'active', 0);
    const late = new Date(k1.notAfter.getTime() - policy.tokenTtlMs + 1);
    expect(planRotation([k1], late, policy).create).toBe(true);
  });
});

describe('canSign', () => {
  it('lets an active key sign only tokens that expire by its notAfter', () => {
    const k1 = key('k1', 'active', 0);
    expect(canSign(k1, k1.notAfter)).toBe(true);
    expect(canSign(k1, new Date(k1.notAfter.getTime() + 1))).toBe(false);
    expect(canSign({ ...k1, status: 'retiring' }, at(0))).toBe(false);
  });
});
