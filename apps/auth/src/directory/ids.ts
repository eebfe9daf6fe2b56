import { randomBytes } from 'node:crypto';

/** Prefixes of the ids the auth service mints, so an id says what it names. */
export type IdPrefix = 'usr' | 'grp' | 'rol' | 'map' | 'ses' | 'rt' | 'sa' | 'sak' | 'evt';

/**
 * `<prefix>_` plus 128 random bits in lowercase hex: unguessable, and inside the contracts'
 * entity-id alphabet (no colon, so `user:<id>` Kafka keys stay unambiguous).
 */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}
