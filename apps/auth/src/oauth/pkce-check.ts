import { createHash } from 'node:crypto';
import { sameSecret } from '../login/secrets';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge is the base64url (no padding) of a SHA-256 digest: 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** True when `challenge` has the shape of an S256 code challenge. */
export function isS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/**
 * RFC 7636 §4.6 for S256: BASE64URL(SHA256(verifier)) must equal the stored challenge. A verifier
 * of the wrong shape fails without hashing; the comparison is constant-time.
 */
export function verifierMatchesChallenge(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  return sameSecret(computed, challenge);
}
