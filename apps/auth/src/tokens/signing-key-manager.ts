import type { KeyObject } from 'node:crypto';
import type { JsonWebKeySet } from '@gatehouse/access-token';
import type { Logger } from '@gatehouse/observability';
import type { Clock } from '../directory/clock';
import { KeyEncryptionError, KeyEncryptionErrorCode } from '../directory/key-encryption';
import {
  canSign,
  newKeyValidity,
  planRotation,
  type RotationPlan,
  type RotationPolicy,
  type RotationRequest,
} from './key-rotation';
import type { SigningKeyBackend, SigningKeyRecord } from './signing-key-backend';
import {
  generateSigningKey,
  importPrivateKey,
  type SigningKeyMaterial,
} from './signing-key-material';
import { TokenError, TokenErrorCode } from './token-error';

export interface SigningKeyManagerOptions {
  backend: SigningKeyBackend;
  policy: RotationPolicy;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How often to apply the rotation rules and reload keys other replicas changed. Default 60 s. */
  checkIntervalMs?: number;
  /** Injected by tests that want deterministic keys. */
  generate?: () => Promise<SigningKeyMaterial>;
}

/** The key that signs new tokens, with its private half imported once. */
export interface ActiveSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly notAfter: Date;
}

/**
 * Owns the signing key lifecycle for this process: applies the rotation rules (key-rotation.ts)
 * at start and on a timer, answers the JWKS from memory, and hands the active key to the token
 * issuer. Every replica runs the same rules under one lock, so whichever replica is first rotates
 * and the others pick the new key up at their next reload.
 */
export class SigningKeyManager {
  private keys: SigningKeyRecord[] = [];
  private active: ActiveSigningKey | null = null;
  private jwksDocument: JsonWebKeySet = { keys: [] };
  private timer: NodeJS.Timeout | undefined;
  private currentGeneration = 0;
  private readonly checkIntervalMs: number;
  private readonly generate: () => Promise<SigningKeyMaterial>;

  constructor(private readonly options: SigningKeyManagerOptions) {
    this.checkIntervalMs = options.checkIntervalMs ?? 60_000;
    this.generate = options.generate ?? generateSigningKey;
  }

  get backendKind(): SigningKeyBackend['kind'] {
    return this.options.backend.kind;
  }

  /** Bumped whenever the published key set changes (JWKS ETag, verifier caches). */
  get generation(): number {
    return this.currentGeneration;
  }

  get ready(): boolean {
    return this.active !== null;
  }

  /** Applies the rules once (creating the first key if there is none) and starts the timer. */
  async start(): Promise<void> {
    await this.maintain();
    this.timer ??= setInterval(() => {
      this.maintain().catch((error: unknown) =>
        this.options.logger.error({ err: error }, 'signing key maintenance failed; will retry'),
      );
    }, this.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Scheduled path: rotates only what is due, then reloads. */
  maintain(): Promise<RotationPlan> {
    return this.apply({});
  }

  /** Admin path: a new active key now; with `revokePrevious`, the old keys stop verifying at once. */
  rotate(request: Omit<RotationRequest, 'force'> = {}): Promise<RotationPlan> {
    return this.apply({ ...request, force: true });
  }

  private async activeKeyUnopenable(published: readonly SigningKeyRecord[]): Promise<boolean> {
    const kid = await unopenableActiveKid(this.options.backend, published);
    if (kid === undefined) return false;
    this.options.logger.error(
      { kid },
      'active signing key does not open with AUTH_KEY_ENCRYPTION_KEY (key changed or row tampered); rotating to a new key',
    );
    return true;
  }

  /** Active and retiring public keys, as `/.well-known/jwks.json` serves them. */
  jwks(): JsonWebKeySet {
    return this.jwksDocument;
  }

  /** Public JWK of a published key, for verifying our own tokens (revocation endpoint). */
  publishedKey(kid: string): SigningKeyRecord | undefined {
    return this.keys.find((key) => key.kid === kid);
  }

  /**
   * The key to sign a token expiring at `expiresAt`. When the loaded active key cannot cover that
   * expiry (the scheduler is late), rotates first rather than sign past the key's `notAfter`.
   */
  async signingKeyFor(expiresAt: Date): Promise<ActiveSigningKey> {
    if (
      this.active !== null &&
      canSign({ status: 'active', notAfter: this.active.notAfter }, expiresAt)
    ) {
      return this.active;
    }
    await this.maintain();
    if (this.active === null || this.active.notAfter.getTime() < expiresAt.getTime()) {
      throw new TokenError(
        TokenErrorCode.NO_SIGNING_KEY,
        'no signing key is available yet; the key store is starting or unreachable',
      );
    }
    return this.active;
  }

  /** Reads the keys from the backend (other replicas may have rotated) and imports the active one. */
  async reload(): Promise<void> {
    const keys = await this.options.backend.published();
    const newest = keys
      .filter((key) => key.status === 'active')
      .sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime())[0];
    let active = this.active;
    if (newest === undefined) active = null;
    else if (active?.kid !== newest.kid) {
      const pem = await this.options.backend.privateKeyPem(newest.kid);
      active = { kid: newest.kid, privateKey: importPrivateKey(pem), notAfter: newest.notAfter };
    }
    const changed = fingerprint(keys) !== fingerprint(this.keys);
    this.keys = keys;
    this.active = active;
    if (changed) {
      this.currentGeneration += 1;
      this.jwksDocument = { keys: keys.map((key) => ({ ...key.publicJwk })) };
    }
  }

  private async apply(request: RotationRequest): Promise<RotationPlan> {
    const { backend, policy, clock, logger } = this.options;
    const plan = await backend.exclusive(async () => {
      const now = clock();
      const published = await backend.published();
      // An active key sealed under another AUTH_KEY_ENCRYPTION_KEY cannot sign: rotate past it
      // (it stays published while retiring, so the tokens it signed keep verifying).
      const force = request.force === true || (await this.activeKeyUnopenable(published));
      const decided = planRotation(published, now, policy, { ...request, force });
      if (decided.create) {
        const material = await this.generate();
        await backend.add(material, newKeyValidity(now, policy));
        logger.info({ kid: material.kid, backend: backend.kind }, 'signing key created');
      }
      for (const kid of decided.retire) await backend.setStatus(kid, 'retiring');
      for (const kid of decided.revoke) await backend.setStatus(kid, 'revoked');
      if (decided.retire.length + decided.revoke.length > 0) {
        logger.info({ retired: decided.retire, revoked: decided.revoke }, 'signing keys changed');
      }
      return decided;
    });
    await this.reload();
    return plan;
  }
}

/** The newest active key when its private key cannot be opened with the configured KEK. */
async function unopenableActiveKid(
  backend: SigningKeyBackend,
  published: readonly SigningKeyRecord[],
): Promise<string | undefined> {
  const newest = published
    .filter((key) => key.status === 'active')
    .sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime())[0];
  if (newest === undefined) return undefined;
  try {
    await backend.privateKeyPem(newest.kid);
    return undefined;
  } catch (error) {
    if (error instanceof KeyEncryptionError && error.code === KeyEncryptionErrorCode.CANNOT_OPEN)
      return newest.kid;
    throw error;
  }
}

function fingerprint(keys: readonly SigningKeyRecord[]): string {
  return keys
    .map((key) => `${key.kid}:${key.status}`)
    .sort()
    .join(',');
}
