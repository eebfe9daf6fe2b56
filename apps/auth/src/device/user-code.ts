import { randomInt } from 'node:crypto';

/** RFC 8628 §6.1 base-20: consonants only, no vowels (no words) and no look-alikes (no 0/O, 1/I). */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** Eight characters as `XXXX-XXXX`: 20^8 ≈ 2^34.6 codes, each drawn uniformly (crypto.randomInt). */
export function generateUserCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let index = 0; index < USER_CODE_LENGTH; index += 1) {
    code += USER_CODE_ALPHABET[random(USER_CODE_ALPHABET.length)];
  }
  return formatUserCode(code);
}

/**
 * What the person typed, in canonical `XXXX-XXXX` form, or undefined when it cannot be a code.
 * Case, spaces and dashes are ignored (RFC 8628 §6.1) so a code read aloud still works.
 */
export function normalizeUserCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length !== USER_CODE_LENGTH) return undefined;
  for (const char of compact) if (!USER_CODE_ALPHABET.includes(char)) return undefined;
  return formatUserCode(compact);
}

function formatUserCode(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
