import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  /** S256 challenge: base64url(SHA-256(verifier)), RFC 7636 §4.2. */
  challenge: string;
}

export function createPkcePair(random: (size: number) => Buffer = randomBytes): PkcePair {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
