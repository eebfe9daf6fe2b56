import { createHash, randomBytes } from 'node:crypto';

/** Opaque refresh tokens: a recognisable prefix (for secret scanners) and 256 random bits. */
export const REFRESH_TOKEN_PREFIX = 'gh_rt_';

export function generateRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What the database stores and looks up: never the token itself. */
export function hashRefreshToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}
