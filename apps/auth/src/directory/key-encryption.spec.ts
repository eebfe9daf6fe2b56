import { randomBytes } from 'node:crypto';
import { KeyEncryption, KeyEncryptionErrorCode } from './key-encryption';

const key = randomBytes(32).toString('base64');
const PRIVATE_JWK = '{"kty":"EC","crv":"P-256","d":"secret-scalar"}';

describe('KeyEncryption', () => {
  it('opens what it sealed, and the sealed text does not contain the plaintext', () => {
    const encryption = new KeyEncryption(key);
    const sealed = encryption.seal(PRIVATE_JWK, 'kid-0001');
    expect(sealed).not.toContain('secret-scalar');
    expect(encryption.open(sealed, 'kid-0001')).toBe(PRIVATE_JWK);
  });

  it('refuses to open under another kid, another key, or after tampering', () => {
    const encryption = new KeyEncryption(key);
    const sealed = encryption.seal(PRIVATE_JWK, 'kid-0001');
    expect(() => encryption.open(sealed, 'kid-0002')).toThrow(
      expect.objectContaining({ code: KeyEncryptionErrorCode.CANNOT_OPEN }),
    );
    expect(() =>
      new KeyEncryption(randomBytes(32).toString('base64')).open(sealed, 'kid-0001'),
    ).toThrow(expect.objectContaining({ code: KeyEncryptionErrorCode.CANNOT_OPEN }));
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3] ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.');
    expect(() => encryption.open(tampered, 'kid-0001')).toThrow(
      expect.objectContaining({ code: KeyEncryptionErrorCode.CANNOT_OPEN }),
    );
  });

  it('uses a fresh IV per seal', () => {
    const encryption = new KeyEncryption(key);
    expect(encryption.seal(PRIVATE_JWK, 'k1234567')).not.toBe(
      encryption.seal(PRIVATE_JWK, 'k1234567'),
    );
  });

  it('rejects a key that is not 32 bytes', () => {
    expect(() => new KeyEncryption(randomBytes(16).toString('base64'))).toThrow(
      expect.objectContaining({ code: KeyEncryptionErrorCode.INVALID_KEY }),
    );
  });
});
