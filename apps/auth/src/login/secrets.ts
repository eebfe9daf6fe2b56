import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: state handles, browser bindings, CSRF tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** `sha256:` hex of a secret, for storing and looking up secrets without keeping them. */
export function hashSecret(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
