import type { SigningKeyStatus } from '../directory/entities/signing-key.entity';

/** The part of a signing key the rotation rules look at. */
export interface KeyLifecycle {
  readonly kid: string;
  readonly status: SigningKeyStatus;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface RotationPolicy {
  /** An active key signs for this long, then a new key takes over. */
  readonly rotateAfterMs: number;
  /** Longest access-token lifetime: a retiring key stays published at least this long. */
  readonly tokenTtlMs: number;
  /**
   * Slack for late rotation checks and clock skew: the scheduler runs every so often, so a key may
   * sign a little past its rotation time, and proxies tolerate some skew on `exp`.
   */
  readonly graceMs: number;
}

export interface RotationRequest {
  /** Rotate now even when the active key is not due (admin rotate). */
  readonly force?: boolean;
  /** Also revoke the keys being retired: tokens they signed stop verifying (suspected compromise). */
  readonly revokePrevious?: boolean;
}

/** What to change, in order: add a new active key, then retire and revoke the listed kids. */
export interface RotationPlan {
  readonly create: boolean;
  readonly retire: readonly string[];
  readonly revoke: readonly string[];
}

/**
 * The key lifecycle as a pure decision: active → retiring (still published, no longer signs) →
 * revoked (gone from the JWKS). One key is active at a time; the newest wins if a race between
 * replicas ever left two. A new key is due when the active one has signed for `rotateAfterMs`, or
 * when a token signed now could outlive the key's `notAfter`. A retiring key is revoked once its
 * `notAfter` passed, which is after every token it can have signed has expired.
 */
export function planRotation(
  keys: readonly KeyLifecycle[],
  now: Date,
  policy: RotationPolicy,
  request: RotationRequest = {},
): RotationPlan {
  const t = now.getTime();
  const active = keys
    .filter((key) => key.status === 'active')
    .sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime());
  const newest = active[0];
  const create =
    request.force === true ||
    newest === undefined ||
    t >= newest.notBefore.getTime() + policy.rotateAfterMs ||
    t + policy.tokenTtlMs > newest.notAfter.getTime();
  const retire = (create ? active : active.slice(1)).map((key) => key.kid);
  const revoke = [
    ...keys
      .filter((key) => key.status === 'retiring')
      .filter((key) => request.revokePrevious === true || t >= key.notAfter.getTime())
      .map((key) => key.kid),
    ...(request.revokePrevious === true ? retire : []),
  ];
  return { create, retire, revoke };
}

/**
 * Validity window of a key created at `now`: it signs for `rotateAfterMs` (plus grace for a late
 * scheduler), and the last token it signs lives `tokenTtlMs` more, so nothing it signed is valid
 * after `notAfter`.
 */
export function newKeyValidity(
  now: Date,
  policy: RotationPolicy,
): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: now,
    notAfter: new Date(now.getTime() + policy.rotateAfterMs + policy.tokenTtlMs + policy.graceMs),
  };
}

/** Whether an active key may sign a token expiring at `exp`. */
export function canSign(key: Pick<KeyLifecycle, 'status' | 'notAfter'>, expiresAt: Date): boolean {
  return key.status === 'active' && expiresAt.getTime() <= key.notAfter.getTime();
}
