import { generateKeyPairSync } from 'node:crypto';
import { KeySet } from './key-set';
import { staticJwks } from './jwks-source';

function publicJwk(kid: string, type: 'ec' | 'ed25519' | 'rsa' = 'ec'): Record<string, unknown> {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...pair.publicKey.export({ format: 'jwk' }), kid };
}

describe('KeySet', () => {
  it('imports ES256 and EdDSA keys and finds them by kid and algorithm', () => {
    const set = new KeySet(
      { keys: [publicJwk('es-key-0001'), publicJwk('ed-key-0001', 'ed25519')] },
      'test',
    );
    expect(set.find('es-key-0001', 'ES256')).toBeDefined();
    expect(set.find('ed-key-0001', 'EdDSA')).toBeDefined();
    expect(set.find('es-key-0001', 'EdDSA')).toBeUndefined();
    expect(set.find('nope', 'ES256')).toBeUndefined();
  });

  it('skips RSA keys, which Gatehouse does not verify with', () => {
    const set = new KeySet(
      { keys: [publicJwk('rsa-key-001', 'rsa'), publicJwk('es-key-0001')] },
      'test',
    );
    expect(set.kids()).toEqual(['es-key-0001']);
  });

  it('refuses a set that leaks a private key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const leaked = { ...privateKey.export({ format: 'jwk' }), kid: 'leaked-0001' };
    expect(() => new KeySet({ keys: [leaked] }, 'auth JWKS')).toThrow(
      /auth JWKS: keys\[0\] contains private/,
    );
  });

  it('refuses malformed sets, duplicate kids, missing kids and a wrong alg', () => {
    const key = publicJwk('es-key-0001');
    expect(() => new KeySet([], 'x')).toThrow('INVALID_KEY_SET');
    expect(() => new KeySet({ keys: [key, key] }, 'x')).toThrow(/duplicate kid/);
    expect(() => new KeySet({ keys: [{ ...key, kid: undefined }] }, 'x')).toThrow(/no "kid"/);
    expect(() => new KeySet({ keys: [{ ...key, alg: 'EdDSA' }] }, 'x')).toThrow(/declares alg/);
    expect(() => new KeySet({ keys: [{ ...key, x: 'AAAA' }] }, 'x')).toThrow(/cannot be imported/);
  });

  it('staticJwks refuses a set with no usable key', () => {
    expect(() => staticJwks({ keys: [publicJwk('rsa-key-001', 'rsa')] })).toThrow(/no ES256/);
  });
});
