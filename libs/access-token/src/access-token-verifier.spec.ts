import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { sampleEvents } from '@gatehouse/contracts';
import { AccessTokenVerifier } from './access-token-verifier';
import { compositeJwks, staticJwks, type JwksSource } from './jwks-source';
import { RevocationList } from './revocation-list';
import { TOKEN_REJECTIONS, TokenRejection } from './token-rejection';
import { TestTokenSigner } from './dev/test-token-signer';

const ISSUER = 'http://127.0.0.1:4001';
const START = Date.parse('2026-03-02T09:00:00.000Z');
const nowSec = () => Math.floor(clock.ms / 1000);
const clock = { ms: START };

interface TestKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
  readonly kid: string;
  readonly alg: 'ES256' | 'EdDSA';
}

function testKey(kid: string, alg: 'ES256' | 'EdDSA' = 'ES256'): TestKey {
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('ed25519');
  return {
    privateKey,
    kid,
    alg,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' },
  };
}

function validClaims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: ISSUER,
    aud: 'gatehouse',
    sub: 'usr_example_alice',
    sid: 'ses_example_1',
    iat: nowSec(),
    exp: nowSec() + 900,
    jti: 'jti-1',
    email: 'alice@example.com',
    name: 'Alice Example',
    org: 'org_example_acme',
    team: 'team_example_platform',
    groups: ['eng-platform'],
    roles: ['developer'],
    principal_type: 'user',
    billing_group_tag: 'project',
    ...overrides,
  };
}

function sign(
  key: TestKey,
  payload: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Counts lookups so tests can tell a cache hit from a full verification. */
function countingSource(inner: JwksSource): JwksSource & { lookups: number; generation: number } {
  const source = {
    lookups: 0,
    generation: 0,
    resolve: (kid: string, alg: 'ES256' | 'EdDSA') => {
      source.lookups += 1;
      return inner.resolve(kid, alg);
    },
  };
  return source;
}

describe('AccessTokenVerifier', () => {
  const es = testKey('key-es256-0001');
  const ed = testKey('key-eddsa-0001', 'EdDSA');
  let revocations: RevocationList;
  let verifier: AccessTokenVerifier;

  beforeEach(() => {
    clock.ms = START;
    revocations = new RevocationList({ now: () => clock.ms });
    verifier = new AccessTokenVerifier({
      issuer: ISSUER,
      audience: 'gatehouse',
      keys: staticJwks({ keys: [es.publicJwk, ed.publicJwk] }),
      clockToleranceSec: 30,
      revocations,
      now: () => clock.ms,
    });
  });

  async function expectRejected(token: string, reason: TokenRejection) {
    const result = await verifier.verify(token);
    expect(result).toMatchObject({ ok: false, reason });
    return result;
  }

  describe('given a valid token', () => {
    it('returns the principal the proxy attaches to the request', async () => {
      const result = await verifier.verify(await sign(es, validClaims()));
      expect(result).toEqual({
        ok: true,
        principal: {
          principalType: 'user',
          credential: 'access_token',
          userId: 'usr_example_alice',
          sessionId: 'ses_example_1',
          orgId: 'org_example_acme',
          teamId: 'team_example_platform',
          roles: ['developer'],
          groups: ['eng-platform'],
          scopes: [],
          email: 'alice@example.com',
          name: 'Alice Example',
          credentialId: 'jti-1',
          billingGroupTag: 'project',
          issuedAt: new Date(nowSec() * 1000),
          tokenExpiresAt: new Date((nowSec() + 900) * 1000),
        },
      });
    });

    it('accepts EdDSA tokens, unknown extra claims and an audience array', async () => {
      const token = await sign(ed, validClaims({ aud: ['other', 'gatehouse'], future_claim: 1 }));
      expect(await verifier.verify(token)).toMatchObject({ ok: true });
    });

    it('accepts a token expired by less than the clock tolerance', async () => {
      const token = await sign(es, validClaims({ exp: nowSec() - 10 }));
      expect(await verifier.verify(token)).toMatchObject({ ok: true });
    });
  });

  describe('rejects attacks and mistakes with the right reason', () => {
    it('alg "none" (unsigned token)', async () => {
      const token = `${b64({ alg: 'none', kid: es.kid, typ: 'JWT' })}.${b64(validClaims())}.`;
      await expectRejected(token, TokenRejection.UNSUPPORTED_ALG);
    });

    it('HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
      const pem = createPublicKey(es.privateKey).export({ format: 'pem', type: 'spki' });
      for (const secret of [Buffer.from(pem), Buffer.from(JSON.stringify(es.publicJwk))]) {
        const signingInput = `${b64({ alg: 'HS256', kid: es.kid, typ: 'JWT' })}.${b64(validClaims())}`;
        const mac = createHmac('sha256', secret).update(signingInput).digest('base64url');
        await expectRejected(`${signingInput}.${mac}`, TokenRejection.UNSUPPORTED_ALG);
      }
    });

    it('RS256, which Gatehouse does not accept', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'RS256', kid: es.kid })
        .sign(privateKey);
      await expectRejected(token, TokenRejection.UNSUPPORTED_ALG);
    });

    it('wrong audience', async () => {
      await expectRejected(
        await sign(es, validClaims({ aud: 'another-api' })),
        TokenRejection.WRONG_AUDIENCE,
      );
    });

    it('wrong issuer', async () => {
      await expectRejected(
        await sign(es, validClaims({ iss: 'https://evil.example.com' })),
        TokenRejection.WRONG_ISSUER,
      );
    });

    it('expired, with the message that sends the developer to /login', async () => {
      const result = await expectRejected(
        await sign(es, validClaims({ iat: nowSec() - 1000, exp: nowSec() - 31 })),
        TokenRejection.EXPIRED,
      );
      expect(result).toMatchObject({ message: expect.stringContaining('gatehouse login') });
    });

    it('nbf in the future', async () => {
      await expectRejected(
        await sign(es, validClaims({ nbf: nowSec() + 120 })),
        TokenRejection.NOT_YET_VALID,
      );
    });

    it('iat in the future, which would dodge user-wide revocations', async () => {
      await expectRejected(
        await sign(es, validClaims({ iat: nowSec() + 120 })),
        TokenRejection.NOT_YET_VALID,
      );
    });

    it('unknown kid (a key the gateway never published)', async () => {
      const rogue = testKey('key-rogue-0001');
      await expectRejected(await sign(rogue, validClaims()), TokenRejection.UNKNOWN_KID);
    });

    it('a known kid used with another algorithm', async () => {
      await expectRejected(
        await sign(ed, validClaims(), { kid: es.kid }),
        TokenRejection.UNKNOWN_KID,
      );
    });

    it('no kid at all', async () => {
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'ES256' })
        .sign(es.privateKey);
      await expectRejected(token, TokenRejection.UNKNOWN_KID);
    });

    it('tampered payload (roles flipped to admin, signature kept)', async () => {
      const [header, , signature] = (await sign(es, validClaims())).split('.');
      const forged = `${header}.${b64(validClaims({ roles: ['admin'] }))}.${signature}`;
      await expectRejected(forged, TokenRejection.BAD_SIGNATURE);
    });

    it('signed by a rogue key under a published kid', async () => {
      const rogue = { ...testKey('ignored'), kid: es.kid };
      await expectRejected(await sign(rogue, validClaims()), TokenRejection.BAD_SIGNATURE);
    });

    it.each(['sid', 'org', 'exp', 'jti', 'roles', 'principal_type'])(
      'missing required claim %s',
      async (claim) => {
        const claims = validClaims();
        delete claims[claim];
        const result = await expectRejected(await sign(es, claims), TokenRejection.INVALID_CLAIMS);
        expect(result).toMatchObject({ message: expect.stringContaining(claim) });
      },
    );

    it('an id that breaks the contracts id schema', async () => {
      await expectRejected(
        await sign(es, validClaims({ sub: 'user:alice' })),
        TokenRejection.INVALID_CLAIMS,
      );
    });

    it.each([
      ['empty', ''],
      ['one segment', 'abc'],
      ['JSON garbage', 'a.b.c'],
      ['non-base64url characters', 'a$.b.c'],
      ['oversized', `${'a'.repeat(9_000)}.b.c`],
    ])('malformed input (%s) without throwing', async (_name, token) => {
      await expectRejected(token, TokenRejection.MALFORMED);
    });

    it('a non-string value without throwing', async () => {
      await expectRejected(undefined as unknown as string, TokenRejection.MALFORMED);
    });
  });

  describe('revocation', () => {
    it('rejects a token of a revoked session', async () => {
      const token = await sign(es, validClaims());
      revocations.apply(
        sampleEvents.identitySessionRevoked({
          scope: 'session',
          sessionId: 'ses_example_1',
          userId: 'usr_example_alice',
          revokedBefore: new Date(clock.ms).toISOString(),
        }),
      );
      await expectRejected(token, TokenRejection.REVOKED);
    });

    it('rejects tokens issued at or before a user-wide cut-off and accepts newer ones', async () => {
      const before = await sign(es, validClaims());
      revocations.apply(
        sampleEvents.identitySessionRevoked({
          scope: 'user',
          sessionId: null,
          userId: 'usr_example_alice',
          revokedBefore: new Date(clock.ms).toISOString(),
          expiresAt: new Date(clock.ms + 3_600_000).toISOString(),
        }),
      );
      await expectRejected(before, TokenRejection.REVOKED);
      clock.ms += 5_000;
      const after = await sign(es, validClaims({ sid: 'ses_example_2' }));
      expect(await verifier.verify(after)).toMatchObject({ ok: true });
    });

    it('applies to cached tokens on the very next request', async () => {
      const token = await sign(es, validClaims());
      expect(await verifier.verify(token)).toMatchObject({ ok: true });
      expect(await verifier.verify(token)).toMatchObject({ ok: true });
      revocations.apply(
        sampleEvents.identitySessionRevoked({
          scope: 'session',
          sessionId: 'ses_example_1',
          userId: 'usr_example_alice',
        }),
      );
      await expectRejected(token, TokenRejection.REVOKED);
    });
  });

  describe('verified-token cache', () => {
    function verifierWith(keys: JwksSource) {
      return new AccessTokenVerifier({
        issuer: ISSUER,
        keys,
        clockToleranceSec: 30,
        now: () => clock.ms,
      });
    }

    it('skips key lookup and signature check for a repeated token', async () => {
      const keys = countingSource(staticJwks({ keys: [es.publicJwk] }));
      const cached = verifierWith(keys);
      const token = await sign(es, validClaims());
      const first = await cached.verify(token);
      const second = await cached.verify(token);
      expect(keys.lookups).toBe(1);
      expect(second).toEqual(first);
    });

    it('never serves a token past its exp: it goes back through full verification', async () => {
      const keys = countingSource(staticJwks({ keys: [es.publicJwk] }));
      const cached = verifierWith(keys);
      const token = await sign(es, validClaims({ exp: nowSec() + 20 }));
      expect(await cached.verify(token)).toMatchObject({ ok: true });
      clock.ms += 55_000;
      expect(await cached.verify(token)).toMatchObject({
        ok: false,
        reason: TokenRejection.EXPIRED,
      });
      expect(keys.lookups).toBe(2);
    });

    it('re-verifies after the key set changed (a removed key stops verifying at once)', async () => {
      const keys = countingSource(staticJwks({ keys: [es.publicJwk] }));
      const cached = verifierWith(keys);
      const token = await sign(es, validClaims());
      await cached.verify(token);
      keys.generation += 1;
      await cached.verify(token);
      expect(keys.lookups).toBe(2);
    });

    it('can be turned off', async () => {
      const keys = countingSource(staticJwks({ keys: [es.publicJwk] }));
      const uncached = new AccessTokenVerifier({
        issuer: ISSUER,
        keys,
        cache: false,
        now: () => clock.ms,
      });
      const token = await sign(es, validClaims());
      await uncached.verify(token);
      await uncached.verify(token);
      expect(keys.lookups).toBe(2);
    });
  });

  describe('key sources', () => {
    it('a composite source finds keys in any member', async () => {
      const composite = compositeJwks([
        staticJwks({ keys: [es.publicJwk] }),
        staticJwks({ keys: [ed.publicJwk] }),
      ]);
      const both = new AccessTokenVerifier({
        issuer: ISSUER,
        keys: composite,
        now: () => clock.ms,
      });
      expect(await both.verify(await sign(ed, validClaims()))).toMatchObject({ ok: true });
    });

    it('reports KEYS_UNAVAILABLE, as a retryable 503, when a member could not load keys', async () => {
      const down: JwksSource = {
        generation: 0,
        resolve: async () => ({ found: false, reason: TokenRejection.KEYS_UNAVAILABLE }),
      };
      const composite = compositeJwks([staticJwks({ keys: [es.publicJwk] }), down]);
      const partial = new AccessTokenVerifier({
        issuer: ISSUER,
        keys: composite,
        now: () => clock.ms,
      });
      const result = await partial.verify(await sign(ed, validClaims()));
      expect(result).toMatchObject({ ok: false, reason: TokenRejection.KEYS_UNAVAILABLE });
      expect(TOKEN_REJECTIONS[TokenRejection.KEYS_UNAVAILABLE]).toMatchObject({
        httpStatus: 503,
        shouldRetry: true,
      });
    });
  });

  it('every credential rejection maps to a 401 that tells Claude Code not to retry', () => {
    const credentialReasons = Object.values(TokenRejection).filter(
      (r) => r !== TokenRejection.KEYS_UNAVAILABLE,
    );
    for (const reason of credentialReasons) {
      expect(TOKEN_REJECTIONS[reason]).toMatchObject({
        httpStatus: 401,
        errorType: 'authentication_error',
        shouldRetry: false,
      });
    }
  });

  it('verifies tokens minted by the dev signer', async () => {
    const signer = await TestTokenSigner.generate({ now: () => clock.ms });
    const dev = new AccessTokenVerifier({
      issuer: ISSUER,
      keys: staticJwks(signer.jwks()),
      now: () => clock.ms,
    });
    const token = await signer.sign({
      sub: 'usr_dev_bob',
      email: 'bob@example.com',
      team: 'team_dev',
    });
    expect(await dev.verify(token)).toMatchObject({
      ok: true,
      principal: {
        userId: 'usr_dev_bob',
        orgId: 'org_dev',
        teamId: 'team_dev',
        roles: ['developer'],
      },
    });
  });
});
