import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Why sealing or opening a private key failed. */
export enum KeyEncryptionErrorCode {
  /** AUTH_KEY_ENCRYPTION_KEY is not 32 bytes of base64/base64url. */
  INVALID_KEY = 'KEY_ENCRYPTION_INVALID_KEY',
  /** The sealed value is malformed, was tampered with, or was sealed under another key or kid. */
  CANNOT_OPEN = 'KEY_ENCRYPTION_CANNOT_OPEN',
}

export class KeyEncryptionError extends Error {
  override readonly name = 'KeyEncryptionError';

  constructor(
    readonly code: KeyEncryptionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * AES-256-GCM sealing of signing private keys with the key from AUTH_KEY_ENCRYPTION_KEY. The
 * `kid` is bound as associated data, so a sealed key copied onto another row does not open.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class KeyEncryption {
  private readonly key: Buffer;

  constructor(encodedKey: string) {
    const key = Buffer.from(encodedKey, 'base64');
    if (key.length !== 32) {
      throw new KeyEncryptionError(
        KeyEncryptionErrorCode.INVALID_KEY,
        'AUTH_KEY_ENCRYPTION_KEY must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
      );
    }
    this.key = key;
  }

  seal(plaintext: string, kid: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(kid, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, kid: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new KeyEncryptionError(
        KeyEncryptionErrorCode.CANNOT_OPEN,
        `sealed key for ${kid} is not in the v1 format`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new KeyEncryptionError(
        KeyEncryptionErrorCode.CANNOT_OPEN,
        `sealed key for ${kid} does not open with AUTH_KEY_ENCRYPTION_KEY (wrong key or tampered row)`,
      );
    }
  }
}
