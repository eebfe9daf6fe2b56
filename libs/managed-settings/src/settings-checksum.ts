import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** `sha256:` plus lowercase hex, the format of checksums, ETags and the hint header. */
export const SETTINGS_CHECKSUM_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * The checksum Claude Code computes over the managed settings it holds: `sha256:` plus the hex
 * SHA-256 of the UTF-8 bytes of the canonical JSON (see canonicalJson). The gateway serves it as
 * `checksum` and, quoted, as the ETag of `/managed/settings`.
 */
export function settingsChecksum(settings: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(settings), 'utf8').digest('hex')}`;
}
