import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the Authorization header carries `Bearer <expected>`. Both sides are hashed first so
 * the comparison takes the same time whatever the length or content of the guess.
 */
export function bearerTokenMatches(
  header: string | undefined,
  expected: string | undefined,
): boolean {
  if (header === undefined || expected === undefined || expected === '') return false;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const presented = match?.[1];
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
