import { sampleEvents, serviceAccountKeyV1Schema, sha256Digest } from '@gatehouse/contracts';
import { AccessTokenVerifier } from './access-token-verifier';
import { apiKeyDisplayPrefix, API_KEY_PATTERN, generateApiKey, hashApiKey } from './api-key';
import { CredentialVerifier } from './credential-verifier';
import { TestTokenSigner } from './dev/test-token-signer';
import { staticJwks } from './jwks-source';
import { ServiceAccountKeyRegistry } from './service-account-key-registry';
import { TokenRejection } from './token-rejection';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');

function keyEvent(
  key: string,
  overrides: Parameters<typeof sampleEvents.identityServiceAccountKey>[0] = {},
) {
  return sampleEvents.identityServiceAccountKey({
    keyId: 'key_example_ci_1',
    serviceAccountId: 'sa_example_ci',
    orgId: 'org_example_acme',
    teamId: 'team_example_platform',
    change: 'created',
    status: 'active',
    keyPrefix: apiKeyDisplayPrefix(key),
    keyHash: hashApiKey(key),
    rotatedFromKeyId: null,
    expiresAt: null,
    occurredAt: new Date(NOW - 60_000).toISOString(),
    ...overrides,
  });
}

describe('API keys', () => {
  it('are gh_sk_ plus 43 base64url characters, distinct every time', () => {
    const keys = new Set(Array.from({ length: 50 }, generateApiKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(API_KEY_PATTERN);
  });

  it('hash to the keyHash and keyPrefix shapes of the service-account-key event', () => {
    for (let i = 0; i < 50; i += 1) {
      const key = generateApiKey();
      expect(sha256Digest.safeParse(hashApiKey(key)).success).toBe(true);
      expect(serviceAccountKeyV1Schema.safeParse(keyEvent(key)).success).toBe(true);
    }
    expect(hashApiKey('gh_sk_a')).toBe(hashApiKey('gh_sk_a'));
    expect(hashApiKey('gh_sk_a')).not.toBe(hashApiKey('gh_sk_b'));
  });
});

describe('ServiceAccountKeyRegistry', () => {
  let now: number;
  let registry: ServiceAccountKeyRegistry;
  const key = generateApiKey();

  beforeEach(() => {
    now = NOW;
    registry = new ServiceAccountKeyRegistry({ now: () => now });
  });

  it('given a created key, verifies it as the service account', () => {
    registry.apply(keyEvent(key, { expiresAt: new Date(NOW + 3_600_000).toISOString() }));
    expect(registry.verifyApiKey(key)).toMatchObject({
      ok: true,
      principal: {
        principalType: 'service_account',
        credential: 'api_key',
        userId: 'sa_example_ci',
        sessionId: null,
        orgId: 'org_example_acme',
        teamId: 'team_example_platform',
        credentialId: 'key_example_ci_1',
        tokenExpiresAt: new Date(NOW + 3_600_000),
      },
    });
  });

  it('rejects an unknown key and a malformed one', () => {
    registry.apply(keyEvent(key));
    expect(registry.verifyApiKey(generateApiKey())).toMatchObject({
      ok: false,
      reason: TokenRejection.UNKNOWN_KEY,
    });
    expect(registry.verifyApiKey(`${key}x`)).toMatchObject({
      ok: false,
      reason: TokenRejection.MALFORMED,
    });
  });

  it('rejects an expired key', () => {
    registry.apply(keyEvent(key, { expiresAt: new Date(NOW + 1_000).toISOString() }));
    now = NOW + 1_000;
    expect(registry.verifyApiKey(key)).toMatchObject({ ok: false, reason: TokenRejection.EXPIRED });
  });

  it('rejects a revoked key, and ignores an older event replayed after the revocation', () => {
    const created = keyEvent(key);
    registry.apply(created);
    registry.apply(
      keyEvent(key, {
        change: 'revoked',
        status: 'revoked',
        occurredAt: new Date(NOW).toISOString(),
      }),
    );
    registry.apply(created);
    const result = registry.verifyApiKey(key);
    expect(result).toMatchObject({ ok: false, reason: TokenRejection.REVOKED });
    expect(result).toMatchObject({ message: expect.not.stringContaining(key) });
  });

  it('after a rotation, accepts the new key and the old one until its grace period ends', () => {
    const replacement = generateApiKey();
    registry.apply(keyEvent(key));
    registry.apply(
      keyEvent(key, {
        expiresAt: new Date(NOW + 5_000).toISOString(),
        occurredAt: new Date(NOW).toISOString(),
      }),
    );
    registry.apply(
      keyEvent(replacement, {
        keyId: 'key_example_ci_2',
        change: 'rotated',
        rotatedFromKeyId: 'key_example_ci_1',
        occurredAt: new Date(NOW).toISOString(),
      }),
    );
    expect(registry.verifyApiKey(key)).toMatchObject({ ok: true });
    expect(registry.verifyApiKey(replacement)).toMatchObject({
      ok: true,
      principal: { credentialId: 'key_example_ci_2' },
    });
    now = NOW + 5_000;
    expect(registry.verifyApiKey(key)).toMatchObject({ ok: false, reason: TokenRejection.EXPIRED });
    expect(registry.verifyApiKey(replacement)).toMatchObject({ ok: true });
  });
});

describe('CredentialVerifier', () => {
  it('routes gh_sk_ keys to the registry and everything else to the token verifier', async () => {
    const signer = await TestTokenSigner.generate();
    const tokens = new AccessTokenVerifier({
      issuer: 'http://127.0.0.1:4001',
      keys: staticJwks(signer.jwks()),
    });
    const registry = new ServiceAccountKeyRegistry();
    const key = generateApiKey();
    registry.apply(keyEvent(key));
    const credentials = new CredentialVerifier(tokens, registry);
    expect(await credentials.verify(key)).toMatchObject({
      ok: true,
      principal: { credential: 'api_key' },
    });
    expect(await credentials.verify(await signer.sign())).toMatchObject({
      ok: true,
      principal: { credential: 'access_token' },
    });
    expect(await new CredentialVerifier(tokens).verify(key)).toMatchObject({
      ok: false,
      reason: TokenRejection.UNKNOWN_KEY,
    });
  });
});
