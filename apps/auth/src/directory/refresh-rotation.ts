/** What the store knows about a presented refresh token and its session. */
export interface RefreshTokenState {
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly expiresAt: Date;
}

export interface RefreshSessionState {
  readonly revokedAt: Date | null;
  readonly absoluteExpiresAt: Date;
}

export type RefreshRejection =
  'unknown_token' | 'session_revoked' | 'session_expired' | 'token_revoked' | 'token_expired';

export type RefreshDecision =
  | { readonly kind: 'rotate' }
  /** A token that was already exchanged came back: likely stolen, revoke the whole session. */
  | { readonly kind: 'reuse_detected' }
  | { readonly kind: 'reject'; readonly reason: RefreshRejection };

/**
 * Decides a refresh. The order matters: a dead session is reported as such (no second
 * revocation), and a used token is treated as reuse even when it has since expired, because the
 * replay itself is the signal. Concurrent refreshes with the same token count as reuse too:
 * rotation is strict by design (docs/adr/0012).
 */
export function decideRefresh(input: {
  token: RefreshTokenState | undefined;
  session: RefreshSessionState | undefined;
  now: Date;
}): RefreshDecision {
  const { token, session, now } = input;
  if (token === undefined || session === undefined) return reject('unknown_token');
  if (session.revokedAt !== null) return reject('session_revoked');
  if (now.getTime() >= session.absoluteExpiresAt.getTime()) return reject('session_expired');
  if (token.usedAt !== null) return { kind: 'reuse_detected' };
  if (token.revokedAt !== null) return reject('token_revoked');
  if (now.getTime() >= token.expiresAt.getTime()) return reject('token_expired');
  return { kind: 'rotate' };
}

/** A new refresh token lives `ttlMs`, but never past the session's absolute expiry. */
export function refreshTokenExpiry(now: Date, sessionExpiresAt: Date, ttlMs: number): Date {
  return new Date(Math.min(now.getTime() + ttlMs, sessionExpiresAt.getTime()));
}

/** When a session started now with this lifetime ends, refreshes included. */
export function sessionAbsoluteExpiry(now: Date, lifetimeSeconds: number): Date {
  return new Date(now.getTime() + lifetimeSeconds * 1000);
}

function reject(reason: RefreshRejection): RefreshDecision {
  return { kind: 'reject', reason };
}
