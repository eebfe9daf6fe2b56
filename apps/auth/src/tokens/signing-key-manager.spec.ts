import { AccessTokenVerifier, staticJwks } from '@gatehouse/access-token';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { KeyEncryptionError, KeyEncryptionErrorCode } from '../directory/key-encryption';
import { EphemeralSigningKeys } from './ephemeral-signing-keys';
import type { RotationPolicy } from './key-rotation';
import { SigningKeyManager } from './signing-key-manager';

const DAY = 24 * 60 * 60_000;
const policy: RotationPolicy = {
  rotateAfterMs: 30 * DAY,
  tokenTtlMs: 15 * 60_000,
  graceMs: 10 * 60_000,
};
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setup() {
  let now = new Date('2026-01-01T00:00:00Z').getTime();
  const manager = new SigningKeyManager({
    backend: new EphemeralSigningKeys(),
    policy,
    clock: () => new Date(now),
    logger: silent,
  });
  return {
    manager,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

const kids = (manager: SigningKeyManager): string[] =>
  manager.jwks().keys.map((jwk) => String(jwk['kid']));

async function signWith(manager: SigningKeyManager, nowMs: number): Promise<string> {
  const exp = Math.floor(nowMs / 1000) + 900;
  const key = await manager.signingKeyFor(new Date(exp * 1000));
  return new SignJWT({ sub: 'x' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setExpirationTime(exp)
    .sign(key.privateKey);
}

describe('SigningKeyManager (ephemeral backend, injected clock)', () => {
  it('given no key, when maintained, then one active ES256 key is published without private members', async () => {
    const { manager } = setup();
    await manager.maintain();
    expect(manager.ready).toBe(true);
    const [jwk] = manager.jwks().keys;
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    expect(() => staticJwks(manager.jwks())).not.toThrow();
  });

  it('given the rotation period passes, then a new kid signs and the old one stays published until its notAfter', async () => {
    const { manager, advance, now } = setup();
    await manager.maintain();
    const first = kids(manager)[0];
    const oldToken = await signWith(manager, now());

    advance(30 * DAY);
    await manager.maintain();
    expect(kids(manager)).toHaveLength(2);
    const newToken = await signWith(manager, now());
    expect(decodeProtectedHeader(newToken).kid).not.toBe(first);
    expect(decodeProtectedHeader(oldToken).kid).toBe(first);
    expect(manager.publishedKey(first ?? '')?.status).toBe('retiring');

    advance(policy.tokenTtlMs + policy.graceMs);
    await manager.maintain();
    expect(kids(manager)).toEqual([decodeProtectedHeader(newToken).kid]);
  });

  it('given an admin rotation, then the generation changes and the previous key keeps verifying', async () => {
    const { manager, now } = setup();
    await manager.maintain();
    const before = manager.generation;
    const token = await signWith(manager, now());
    const plan = await manager.rotate();
    expect(plan.create).toBe(true);
    expect(manager.generation).toBeGreaterThan(before);
    const verifier = new AccessTokenVerifier({
      issuer: 'unused',
      keys: staticJwks(manager.jwks()),
      now,
    });
    // The token lacks the gateway claims, so the verifier stops at the issuer check: the key was found.
    const result = await verifier.verify(token);
    expect(result).toMatchObject({ ok: false, reason: 'WRONG_ISSUER' });
  });

  it('given an emergency rotation, then the previous key is gone from the JWKS at once', async () => {
    const { manager } = setup();
    await manager.maintain();
    const first = kids(manager)[0];
    await manager.rotate({ revokePrevious: true });
    expect(kids(manager)).toHaveLength(1);
    expect(kids(manager)).not.toContain(first);
  });

  it('given a token would outlive the active key, when a key is requested, then it rotates first', async () => {
    const { manager, advance, now } = setup();
    await manager.maintain();
    const first = kids(manager)[0];
    // Skip the scheduler: jump to just before the key's notAfter.
    advance(30 * DAY + policy.graceMs + 1_000);
    const key = await manager.signingKeyFor(new Date(now() + policy.tokenTtlMs));
    expect(key.kid).not.toBe(first);
  });
});

describe('SigningKeyManager when the key-encryption key changed', () => {
  /** A persistent backend whose stored private keys were sealed under another KEK. */
  class ResealedKeys extends EphemeralSigningKeys {
    readonly unopenable = new Set<string>();
    override async privateKeyPem(kid: string): Promise<string> {
      if (this.unopenable.has(kid)) {
        throw new KeyEncryptionError(
          KeyEncryptionErrorCode.CANNOT_OPEN,
          `sealed key for ${kid} does not open`,
        );
      }
      return super.privateKeyPem(kid);
    }
  }

  it('given the active key does not open, when maintained, then a new key signs and the old one stays published', async () => {
    const backend = new ResealedKeys();
    const errors: unknown[] = [];
    const manager = new SigningKeyManager({
      backend,
      policy,
      clock: () => new Date('2026-01-01T00:00:00Z'),
      logger: { ...silent, error: (obj: unknown) => void errors.push(obj) },
    });
    await manager.maintain();
    const [old] = kids(manager);
    backend.unopenable.add(old);

    await manager.maintain();

    const key = await manager.signingKeyFor(new Date('2026-01-01T00:10:00Z'));
    expect(key.kid).not.toBe(old);
    expect(kids(manager)).toEqual(expect.arrayContaining([old, key.kid]));
    expect(errors).toEqual([{ kid: old }]);
  });
});
