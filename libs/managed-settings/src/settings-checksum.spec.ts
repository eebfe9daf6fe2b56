import { canonicalJson } from './canonical-json';
import { ManagedSettingsError } from './managed-settings-error';
import { settingsChecksum, SETTINGS_CHECKSUM_PATTERN } from './settings-checksum';

describe('canonicalJson', () => {
  it('sorts keys at every level, inside arrays too, and writes no whitespace', () => {
    const value = { z: null, b: true, a: { d: [1, { y: 2, x: 1 }], c: 'text with spaces' } };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":"text with spaces","d":[1,{"x":1,"y":2}]},"b":true,"z":null}',
    );
  });

  it('keeps non-ASCII text as raw characters and escapes only what JSON requires', () => {
    expect(canonicalJson({ name: 'Zoë "quoted"\n\u0001' })).toBe(
      '{"name":"Zoë \\"quoted\\"\\n\\u0001"}',
    );
  });

  it('orders keys by UTF-16 code units, as JavaScript sorts: uppercase first, astral before U+FF21', () => {
    expect(canonicalJson({ b: 1, a: 2, B: 3, '\uFF21': 4, '\u{1F600}': 5 })).toBe(
      '{"B":3,"a":2,"b":1,"\u{1F600}":5,"\uFF21":4}',
    );
  });

  it('writes numbers as JSON.stringify does (1.0 is 1, large values in exponent form)', () => {
    expect(canonicalJson([1.0, -0, 0.1 + 0.2, 1e21, 2.5e-7])).toBe(
      '[1,0,0.30000000000000004,1e+21,2.5e-7]',
    );
  });

  it('leaves out undefined properties and refuses values JSON cannot represent', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(ManagedSettingsError);
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow('$.a[0] is NaN');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f is a function');
  });
});

describe('settingsChecksum', () => {
  it('matches a value computed independently (sha256sum over the canonical text)', () => {
    // printf '%s' '{"a":{"c":"é","d":[1,2.5,-3]},"b":true,"z":null}' | sha256sum
    const settings = { z: null, b: true, a: { d: [1, 2.5, -3], c: 'é' } };
    expect(settingsChecksum(settings)).toBe(
      'sha256:5c91308be82a6ee6c2913694308c96f934d7b47270893bcf3308371055de20e1',
    );
  });

  it('gives the empty policy the checksum of "{}"', () => {
    // printf '%s' '{}' | sha256sum
    expect(settingsChecksum({})).toBe(
      'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });

  it('does not depend on key order or formatting, only on content', () => {
    const parsed: unknown = JSON.parse('{\n  "env": { "B": "2", "A": "1" },\n  "model": "opus"\n}');
    const same = settingsChecksum({ model: 'opus', env: { A: '1', B: '2' } });
    expect(settingsChecksum(parsed)).toBe(same);
    expect(settingsChecksum({ model: 'opus', env: { A: '1', B: '3' } })).not.toBe(same);
    expect(same).toMatch(SETTINGS_CHECKSUM_PATTERN);
  });
});
