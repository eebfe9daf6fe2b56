import { z } from 'zod';

/** A SHA-256 digest written as `sha256:` followed by 64 lowercase hex characters. */
export const sha256Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/**
 * A keyed HMAC-SHA256 written as `hmac-sha256:` plus 64 lowercase hex characters. Used instead of a
 * plain hash where the input can be guessed (tool arguments such as a file path): without the key
 * an attacker holding the event cannot confirm a guess.
 */
export const hmacSha256Digest = z.string().regex(/^hmac-sha256:[0-9a-f]{64}$/);
