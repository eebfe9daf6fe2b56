import { createHash } from 'node:crypto';

/** The ETag for a settings checksum: the checksum itself, quoted (a strong validator). */
export function etagOf(checksum: string): string {
  return `"${checksum}"`;
}

/**
 * Whether to answer 304. Only an `If-None-Match` listing this ETag qualifies (RFC 9110 weak
 * comparison, so `W/"…"` counts too). `*` does not: Claude Desktop sends it to ask whether
 * settings exist at all and must get the answer it would get without the header.
 */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const values = Array.isArray(ifNoneMatch) ? ifNoneMatch : [ifNoneMatch];
  return values
    .flatMap((value) => value.split(','))
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag !== '*' && tag === etag);
}

/**
 * The `uuid` of a served settings document: derived from the policy and the checksum, so the
 * same settings always carry the same id and different settings never share one. Laid out as an
 * RFC 9562 version 8 (custom) UUID.
 */
export function settingsUuid(policyId: string, checksum: string): string {
  const bytes = createHash('sha256').update(`${policyId}\n${checksum}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Per-user documents must not sit in a shared cache, and clients must revalidate (cheaply, with
 * If-None-Match) rather than reuse a copy. Never `no-store`: paired with `x-cc-gateway-version`
 * it tells Claude Desktop that a 304 means "settings that must not be missing".
 */
export const SETTINGS_CACHE_CONTROL = 'private, no-cache';
