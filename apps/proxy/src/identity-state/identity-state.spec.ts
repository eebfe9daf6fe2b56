import { generateApiKey, hashApiKey, TokenRejection } from '@gatehouse/access-token';
import { sampleEvents, Topics, type SigningKeyV1 } from '@gatehouse/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { IdentityState } from './identity-state';

const NOW = Date.parse('2026-01-10T12:00:00.000Z');
const record = (topic: string, value: unknown, key: string | null = 'k') => ({
  topic,
  key,
  value: value === null ? null : Buffer.from(JSON.stringify(value)),
  headers: {},
});

function signingKeyEvent(overrides: Partial<SigningKeyV1> = {}): SigningKeyV1 {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const kid = overrides.kid ?? 'kid_identity_state_1';
  return sampleEvents.identitySigningKey({
    kid,
    status: 'active',
    occurredAt: '2026-01-10T11:00:00.000Z',
    notBefore: '2026-01-10T11:00:00.000Z',
    notAfter: '2026-02-10T11:00:00.000Z',
    publicJwk: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y), kid, alg: 'ES256', use: 'sig' },
    ...overrides,
  });
}

describe('IdentityState', () => {
  it('applies a user-wide revocation so that older tokens of the user are revoked', () => {
    const state = new IdentityState({ now: () => NOW });
    const event = sampleEvents.identitySessionRevoked({
      scope: 'user',
      sessionId: null,
      userId: 'usr_gone',
      revokedBefore: '2026-01-10T12:00:00.000Z',
      expiresAt: '2026-01-10T12:16:00.000Z',
    });
    expect(state.apply(record(Topics.identitySessionRevoked, event))).toEqual({ kind: 'applied' });
    expect(state.revocations.isRevoked({ userId: 'usr_gone', sessionId: 'ses_a' }, NOW - 1_000)).toBe(true);
    expect(state.revocations.isRevoked({ userId: 'usr_other', sessionId: 'ses_b' }, NOW - 1_000)).toBe(false);
    expect(state.appliedCounts()).toEqual({ [Topics.identitySessionRevoked]: 1 });
  });

  it('learns service account keys, and their revocation', () => {
    const state = new IdentityState({ now: () => NOW });
    const key = generateApiKey();
    const created = sampleEvents.identityServiceAccountKey({ keyHash: hashApiKey(key), expiresAt: null, occurredAt: '2026-01-10T10:00:00.000Z' });
    state.apply(record(Topics.identityServiceAccountKey, created));
    expect(state.apiKeys.verifyApiKey(key)).toMatchObject({ ok: true, principal: { principalType: 'service_account' } });
    state.apply(
      record(Topics.identityServiceAccountKey, { ...created, change: 'revoked', status: 'revoked', occurredAt: '2026-01-10T11:00:00.000Z' }),
    );
    expect(state.apiKeys.verifyApiKey(key)).toMatchObject({ ok: false, reason: TokenRejection.REVOKED });
  });

  it('publishes signing keys to the verifier and withdraws revoked and deleted ones', async () => {
    const state = new IdentityState({ now: () => NOW });
    const event = signingKeyEvent();
    state.apply(record(Topics.identitySigningKey, event, event.kid));
    expect((await state.signingKeys.resolve(event.kid, 'ES256')).found).toBe(true);
    expect((await state.signingKeys.resolve(event.kid, 'EdDSA')).found).toBe(false);
    const generation = state.signingKeys.generation;
    state.apply(record(Topics.identitySigningKey, { ...event, status: 'revoked', occurredAt: '2026-01-10T11:30:00.000Z' }, event.kid));
    expect(state.signingKeys.generation).toBeGreaterThan(generation);
    expect(await state.signingKeys.resolve(event.kid, 'ES256')).toEqual({ found: false, reason: TokenRejection.UNKNOWN_KID });
    // An older event replayed after the revocation does not revive the key.
    state.apply(record(Topics.identitySigningKey, event, event.kid));
    expect(state.signingKeys.isWithdrawn(event.kid)).toBe(true);
    expect(state.apply(record(Topics.identitySigningKey, null, event.kid))).toEqual({ kind: 'tombstone' });
    expect(state.signingKeys.size).toBe(0);
  });

  it('stops accepting a key after its notAfter', async () => {
    let now = NOW;
    const state = new IdentityState({ now: () => now });
    const event = signingKeyEvent({ kid: 'kid_identity_state_2', notAfter: '2026-01-10T12:30:00.000Z' });
    state.apply(record(Topics.identitySigningKey, event, event.kid));
    expect((await state.signingKeys.resolve(event.kid, 'ES256')).found).toBe(true);
    now = Date.parse('2026-01-10T12:30:01.000Z');
    expect((await state.signingKeys.resolve(event.kid, 'ES256')).found).toBe(false);
  });

  it('skips records that are not valid events instead of stopping', () => {
    const state = new IdentityState();
    expect(state.apply({ topic: Topics.identitySessionRevoked, key: 'x', value: Buffer.from('{not json'), headers: {} })).toMatchObject({ kind: 'skipped' });
    expect(state.apply(record(Topics.identitySigningKey, { ...signingKeyEvent(), publicJwk: { kty: 'EC' } }))).toMatchObject({ kind: 'skipped' });
    expect(state.apply(record('gatehouse.other.v1', {}))).toMatchObject({ kind: 'skipped' });
    expect(state.revocations.size + state.apiKeys.size + state.signingKeys.size).toBe(0);
  });

});
