import { hash } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AccessTokenError, AccessTokenErrorCode } from './access-token-error';
import { accessTokenClaimsSchema, GATEWAY_AUDIENCE } from './access-token-claims';
import type { JwksSource } from './jwks-source';
import { ACCEPTED_ALGORITHMS, isAcceptedAlgorithm } from './key-set';
import { principalFromClaims, type Principal } from './principal';
import type { RevocationList } from './revocation-list';
import { TokenRejection } from './token-rejection';
import { VerifiedTokenCache, type VerifiedTokenCacheOptions } from './verified-token-cache';
import { rejected, type VerifyRejected, type VerifyResult } from './verify-result';

export interface AccessTokenVerifierOptions {
  /** Expected `iss`: the Auth service base URL (several during an issuer migration). */
  readonly issuer: string | readonly string[];
  /** Expected `aud`; defaults to `gatehouse`. */
  readonly audience?: string;
  readonly keys: JwksSource;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds (default 30). */
  readonly clockToleranceSec?: number;
  /** Optional: rejects revoked sessions and users on every request, cached or not. */
  readonly revocations?: RevocationList;
  /** Options of the verified-token cache, or false to verify every request in full. */
  readonly cache?: VerifiedTokenCacheOptions | false;
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

/** Compact JWS: three base64url parts. Anything longer than this is not a Gatehouse token. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8_192;

/**
 * Verifies gateway access tokens locally, on every proxy request. Construct once at start.
 *
 * Order of checks: the length, the cache (a digest lookup), the compact-JWS shape, then the header
 * (alg allowlist before any key lookup, so `alg: none` and HS256-with-the-public-key never reach a
 * verify call), the key, the signature and registered claims (jose), the Gatehouse claims contract
 * (zod), and last revocation, which runs for cached tokens too. `verify` never throws: every
 * failure is a typed rejection.
 */
export class AccessTokenVerifier {
  private readonly issuer: string | string[];
  private readonly audience: string;
  private readonly clockToleranceSec: number;
  private readonly cache: VerifiedTokenCache | null;
  private readonly now: () => number;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.issuer = typeof options.issuer === 'string' ? options.issuer : [...options.issuer];
    this.audience = options.audience ?? GATEWAY_AUDIENCE;
    this.clockToleranceSec = options.clockToleranceSec ?? 30;
    this.now = options.now ?? Date.now;
    this.cache = options.cache === false ? null : new VerifiedTokenCache(options.cache);
    if (this.issuer.length === 0 || !(this.clockToleranceSec >= 0)) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_OPTIONS,
        'AccessTokenVerifier needs an issuer and a clockToleranceSec >= 0',
      );
    }
  }

  async verify(token: string): Promise<VerifyResult> {
    try {
      return await this.verifyUnsafe(token);
    } catch {
      // Defence in depth: an unforeseen library error is still a typed refusal, never a 500.
      return rejected(TokenRejection.MALFORMED);
    }
  }

  private async verifyUnsafe(token: string): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
      return rejected(TokenRejection.MALFORMED);
    }
    const nowMs = this.now();
    const generation = this.options.keys.generation;
    // One-shot digest: no Hash object per request on the cache-hit path.
    const digest = this.cache === null ? '' : hash('sha256', token, 'base64');
    const cached = this.cache?.get(digest, nowMs, generation);
    if (cached !== undefined) {
      return this.isRevoked(cached)
        ? rejected(TokenRejection.REVOKED)
        : { ok: true, principal: cached };
    }
    // Only a token that passed this check was ever cached, so a hit needs no second scan.
    if (!COMPACT_JWS.test(token)) return rejected(TokenRejection.MALFORMED);

    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return rejected(TokenRejection.MALFORMED);
    }
    if (!isAcceptedAlgorithm(header.alg)) return rejected(TokenRejection.UNSUPPORTED_ALG);
    if (typeof header.kid !== 'string' || header.kid.length === 0) {
      return rejected(TokenRejection.UNKNOWN_KID, noKidMessage());
    }
    const resolution = await this.options.keys.resolve(header.kid, header.alg);
    if (!resolution.found) return rejected(resolution.reason);

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, resolution.key, {
        algorithms: [...ACCEPTED_ALGORITHMS],
        issuer: this.issuer,
        audience: this.audience,
        clockTolerance: this.clockToleranceSec,
        currentDate: new Date(nowMs),
      }));
    } catch (error) {
      return rejectionForJoseError(error);
    }

    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      const fields = [...new Set(claims.error.issues.map((issue) => issue.path.join('.')))];
      return rejected(
        TokenRejection.INVALID_CLAIMS,
        `The access token is missing or has invalid Gatehouse claims (${fields.join(', ')}); ` +
          'run /login in Claude Code or `gatehouse login`.',
      );
    }
    // User-wide revocations compare against `iat`, so a token claiming to be issued in the future
    // would outlive a cut-off; only clock skew can explain one, and the tolerance covers that.
    if (claims.data.iat * 1000 > nowMs + this.clockToleranceSec * 1000) {
      return rejected(
        TokenRejection.NOT_YET_VALID,
        "The access token's issue time is in the future; check this machine's and the sign-in " +
          "service's clocks, then run /login in Claude Code or `gatehouse login`.",
      );
    }
    const principal = principalFromClaims(claims.data);
    if (this.isRevoked(principal)) return rejected(TokenRejection.REVOKED);
    this.cache?.set(digest, principal, nowMs, generation);
    return { ok: true, principal };
  }

  private isRevoked(principal: Principal): boolean {
    return this.options.revocations?.isRevoked(principal, principal.issuedAt) ?? false;
  }
}

function noKidMessage(): string {
  return 'The access token has no key id (kid); run /login in Claude Code or `gatehouse login`.';
}

/** Maps jose's error classes to rejection reasons; anything unexpected counts as malformed. */
function rejectionForJoseError(error: unknown): VerifyRejected {
  if (error instanceof errors.JWTExpired) return rejected(TokenRejection.EXPIRED);
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return rejected(TokenRejection.WRONG_ISSUER);
      case 'aud':
        return rejected(TokenRejection.WRONG_AUDIENCE);
      case 'nbf':
        return rejected(TokenRejection.NOT_YET_VALID);
      default:
        return rejected(TokenRejection.INVALID_CLAIMS);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return rejected(TokenRejection.BAD_SIGNATURE);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return rejected(TokenRejection.UNSUPPORTED_ALG);
  return rejected(TokenRejection.MALFORMED);
}
