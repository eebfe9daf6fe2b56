import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Synchronizer token for the login form: an HMAC of the interaction id under a per-process secret.
 * The interaction id itself is bound to the browser by oidc-provider's interaction cookie, so a
 * forged cross-site post carries neither a valid token nor the matching cookie.
 */
export function csrfToken(secret: Buffer, interactionUid: string): string {
  return createHmac('sha256', secret).update(`login:${interactionUid}`).digest('base64url');
}

export function csrfTokenMatches(secret: Buffer, interactionUid: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, interactionUid));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
