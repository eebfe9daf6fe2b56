import { createHash, randomBytes } from 'node:crypto';

/**
 * Service account API keys look like `gh_sk_` + 43 base64url characters (32 random bytes).
 * The fixed prefix lets secret scanners (GitHub push protection custom patterns, gitleaks,
 * trufflehog) find leaked keys with `gh_sk_[A-Za-z0-9_-]{43}` and lets the proxy tell a key from a
 * JWT without parsing. 256 random bits also make publishing the key's SHA-256 safe.
 */
export const API_KEY_PREFIX = 'gh_sk_';
export const API_KEY_PATTERN = /^gh_sk_[A-Za-z0-9_-]{43}$/;
const RANDOM_BYTES = 32;

/** A new random key. Show it once to its creator; store and publish only `hashApiKey(key)`. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(RANDOM_BYTES).toString('base64url');
}

export function isApiKeyFormat(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}

/** `sha256:<hex>` of the whole key, the `keyHash` of the service-account-key event. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/**
 * The `keyPrefix` consoles show to tell keys apart: the fixed prefix plus six characters. The
 * event contract allows only `[A-Za-z0-9_]` there, so a `-` is shown as `_`; the prefix is for
 * people, never for lookups.
 */
export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6).replaceAll('-', '_');
}
