import { generateUserCode, normalizeUserCode, USER_CODE_ALPHABET } from './user-code';

describe('user codes', () => {
  it('are eight base-20 characters as XXXX-XXXX', () => {
    for (let index = 0; index < 200; index += 1) {
      expect(generateUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    }
  });

  it('use the RFC 8628 §6.1 alphabet: 20 consonants, no vowels or look-alike digits', () => {
    expect(USER_CODE_ALPHABET).toHaveLength(20);
    expect(new Set(USER_CODE_ALPHABET).size).toBe(20);
    expect(USER_CODE_ALPHABET).not.toMatch(/[AEIOUY0-9]/);
  });

  it('draw every position uniformly from the alphabet (about 34.6 bits per code)', () => {
    const seen = new Map<string, number>();
    const draws = 4_000;
    for (let index = 0; index < draws; index += 1) {
      for (const char of generateUserCode().replace('-', '')) seen.set(char, (seen.get(char) ?? 0) + 1);
    }
    expect(seen.size).toBe(20);
    const expected = (draws * 8) / 20;
    for (const count of seen.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.2);
    expect(8 * Math.log2(20)).toBeGreaterThan(34);
  });

  it('take their characters from the injected random source', () => {
    expect(generateUserCode(() => 0)).toBe('BBBB-BBBB');
    expect(generateUserCode(() => 19)).toBe('ZZZZ-ZZZZ');
  });

  it('normalise what people type: case, spaces and dashes do not matter', () => {
    expect(normalizeUserCode('wdjb-mjht')).toBe('WDJB-MJHT');
    expect(normalizeUserCode(' WDJB MJHT ')).toBe('WDJB-MJHT');
    expect(normalizeUserCode('WDJBMJHT')).toBe('WDJB-MJHT');
  });

  it('reject input that cannot be a code', () => {
    expect(normalizeUserCode('WDJB-MJH')).toBeUndefined();
    expect(normalizeUserCode('WDJB-MJHA')).toBeUndefined();
    expect(normalizeUserCode('')).toBeUndefined();
  });
});
