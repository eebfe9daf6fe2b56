import { AccessTokenError, AccessTokenErrorCode } from './access-token-error';
import type { JwksSource, KeyResolution } from './jwks-source';
import { KeySet, type AcceptedAlgorithm } from './key-set';
import { TokenRejection } from './token-rejection';

export interface RemoteJwksOptions {
  /**
   * Least time between two fetches. An unknown kid triggers a fetch (that is how a rotated-in key
   * is learned), and the cooldown stops a stream of forged kids from turning into a fetch storm.
   */
  readonly cooldownMs?: number;
  /** Age after which the keys are refreshed in the background while the old ones keep serving. */
  readonly cacheMaxAgeMs?: number;
  /** Abort a fetch after this long. */
  readonly timeoutMs?: number;
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

const MAX_JWKS_BYTES = 1_000_000;

/**
 * The Auth service's `/.well-known/jwks.json`, fetched with the platform `fetch`.
 *
 * Unlike jose's `createRemoteJWKSet`, a stale set is refreshed in the background and the last good
 * set keeps serving when a fetch fails: an Auth outage must not break sessions already issued, and
 * the request path must not wait on the network except to learn a kid it has never seen.
 */
export class RemoteJwksSource implements JwksSource {
  private keys: KeySet | null = null;
  private lastBody: string | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | null = null;
  private currentGeneration = 0;
  private readonly cooldownMs: number;
  private readonly cacheMaxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    readonly url: string,
    options: RemoteJwksOptions = {},
  ) {
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
    if (!/^https?:\/\//.test(url)) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_OPTIONS,
        `JWKS URL must be http(s): ${url}`,
      );
    }
  }

  get generation(): number {
    return this.currentGeneration;
  }

  /** Kids currently known, for readiness checks and logs. */
  kids(): string[] {
    return this.keys?.kids() ?? [];
  }

  /**
   * Fetch now (concurrent callers share one fetch). Call it at start so the first request does not
   * pay for the fetch; it throws an AccessTokenError when the endpoint cannot be read, and keeps the
   * previous keys in that case.
   */
  refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  async resolve(kid: string, alg: AcceptedAlgorithm): Promise<KeyResolution> {
    if (this.keys === null) {
      if (!(await this.tryRefresh()))
        return { found: false, reason: TokenRejection.KEYS_UNAVAILABLE };
    } else if (this.now() - this.fetchedAt >= this.cacheMaxAgeMs && !this.coolingDown()) {
      // Stale-while-revalidate: this request uses the keys we have; the refresh lands for the next.
      this.refresh().catch(() => undefined);
    }
    const known = this.keys?.find(kid, alg);
    if (known !== undefined) return { found: true, key: known };
    if (this.coolingDown()) return { found: false, reason: TokenRejection.UNKNOWN_KID };
    if (!(await this.tryRefresh()))
      return { found: false, reason: TokenRejection.KEYS_UNAVAILABLE };
    const rotatedIn = this.keys?.find(kid, alg);
    return rotatedIn === undefined
      ? { found: false, reason: TokenRejection.UNKNOWN_KID }
      : { found: true, key: rotatedIn };
  }

  private coolingDown(): boolean {
    return this.now() - this.attemptedAt < this.cooldownMs;
  }

  private async tryRefresh(): Promise<boolean> {
    if (this.inflight === null && this.coolingDown()) return this.keys !== null;
    try {
      await this.refresh();
      return true;
    } catch {
      return false;
    }
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = this.now();
    let body: string;
    try {
      const response = await fetch(this.url, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_KEY_SET,
        `cannot fetch JWKS from ${this.url}: ${(error as Error).message}`,
      );
    }
    if (body.length > MAX_JWKS_BYTES) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_KEY_SET,
        `${this.url}: JWKS larger than ${MAX_JWKS_BYTES} bytes`,
      );
    }
    if (body !== this.lastBody) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new AccessTokenError(AccessTokenErrorCode.INVALID_KEY_SET, `${this.url}: not JSON`);
      }
      this.keys = new KeySet(parsed, this.url);
      this.lastBody = body;
      this.currentGeneration += 1;
    }
    this.fetchedAt = this.now();
  }
}

/** Shorthand for `new RemoteJwksSource(url, options)`. */
export function remoteJwks(url: string, options: RemoteJwksOptions = {}): RemoteJwksSource {
  return new RemoteJwksSource(url, options);
}
