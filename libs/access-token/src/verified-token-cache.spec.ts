import type { Principal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');

function principal(expiresAtMs: number | null): Principal {
  return {
    principalType: 'user',
    credential: 'access_token',
    userId: 'usr_example_alice',
    sessionId: 'ses_example_1',
    orgId: 'org_example_acme',
    teamId: null,
    roles: [],
    groups: [],
    scopes: [],
    email: null,
    name: null,
    credentialId: 'jti-1',
    billingGroupTag: null,
    issuedAt: new Date(NOW),
    tokenExpiresAt: expiresAtMs === null ? null : new Date(expiresAtMs),
  };
}

describe('VerifiedTokenCache', () => {
  /** A full two-entry cache holding "a" (older) and "b", both stored at NOW. */
  function fullCacheOfTwo(): { cache: VerifiedTokenCache; p: Principal } {
    const cache = new VerifiedTokenCache({ maxEntries: 2 });
    const p = principal(NOW + 900_000);
    cache.set('a', p, NOW, 0);
    cache.set('b', p, NOW, 0);
    return { cache, p };
  }

  it('evicts the least recently used entry when full', () => {
    const { cache, p } = fullCacheOfTwo();
    expect(cache.get('a', NOW + 1_000, 0)).toBe(p);
    cache.set('c', p, NOW + 1_000, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('b', NOW + 1_000, 0)).toBeUndefined();
    expect(cache.get('a', NOW + 1_000, 0)).toBe(p);
    expect(cache.get('c', NOW + 1_000, 0)).toBe(p);
  });

  it('moves a hit to the recent end at most once a second', () => {
    const { cache, p } = fullCacheOfTwo();
    // Within the same second a hit does not reorder: "a" stays the oldest entry and goes first.
    expect(cache.get('a', NOW + 999, 0)).toBe(p);
    cache.set('c', p, NOW + 999, 0);
    expect(cache.get('a', NOW + 999, 0)).toBeUndefined();
    expect(cache.get('b', NOW + 999, 0)).toBe(p);
  });

  it('keeps an entry at most maxAgeMs even when the token lives longer', () => {
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000 });
    cache.set('a', principal(NOW + 900_000), NOW, 0);
    expect(cache.get('a', NOW + 59_999, 0)).toBeDefined();
    expect(cache.get('a', NOW + 60_000, 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps an entry no longer than the token expiry', () => {
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000 });
    cache.set('a', principal(NOW + 10_000), NOW, 0);
    expect(cache.get('a', NOW + 9_999, 0)).toBeDefined();
    expect(cache.get('a', NOW + 10_000, 0)).toBeUndefined();
  });

  it('does not store an already expired principal', () => {
    const cache = new VerifiedTokenCache();
    cache.set('a', principal(NOW - 1), NOW, 0);
    expect(cache.size).toBe(0);
  });

  it('misses when the key generation changed', () => {
    const cache = new VerifiedTokenCache();
    cache.set('a', principal(NOW + 900_000), NOW, 3);
    expect(cache.get('a', NOW, 4)).toBeUndefined();
  });

  it('refuses impossible bounds', () => {
    expect(() => new VerifiedTokenCache({ maxEntries: 0 })).toThrow('INVALID_OPTIONS');
  });
});
