import {
  AUTHORIZATION_CODE_TTL_MS,
  decideCodeExchange,
  type PresentedCode,
  type StoredAuthorizationCode,
} from './authorization-code-decision';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const issuedAt = new Date('2026-01-07T10:00:00Z');
const at = (ms: number) => new Date(issuedAt.getTime() + ms);

const issued: StoredAuthorizationCode = {
  clientId: 'gatehouse-cli',
  redirectUri: 'http://127.0.0.1:53123/callback',
  codeChallenge: CHALLENGE,
  expiresAt: at(AUTHORIZATION_CODE_TTL_MS),
  consumedAt: null,
  sessionId: null,
};
const presented: PresentedCode = {
  clientId: 'gatehouse-cli',
  redirectUri: 'http://127.0.0.1:53123/callback',
  codeVerifier: VERIFIER,
};

describe('authorization code exchange decision', () => {
  it('given a fresh code and the right verifier, when redeemed within 60 s, then it is redeemed', () => {
    expect(decideCodeExchange(issued, presented, at(59_999))).toEqual({ kind: 'redeem' });
  });

  it('given a code at its expiry instant, then it is refused as expired and burnt', () => {
    expect(decideCodeExchange(issued, presented, at(60_000))).toEqual({
      kind: 'refuse',
      reason: 'code_expired',
      consume: true,
    });
  });

  it('given an unknown code, then it is refused without touching anything', () => {
    expect(decideCodeExchange(undefined, presented, at(1))).toEqual({
      kind: 'refuse',
      reason: 'unknown_code',
      consume: false,
    });
  });

  it('given a code already redeemed, then it is refused and its session revoked', () => {
    const used = { ...issued, consumedAt: at(500), sessionId: 'ses_1' };
    expect(decideCodeExchange(used, presented, at(1_000))).toEqual({
      kind: 'refuse',
      reason: 'code_reused',
      consume: false,
      revokeSessionId: 'ses_1',
    });
  });

  it('given a code burnt by a failed attempt, then a later exchange is refused with nothing to revoke', () => {
    const burnt = { ...issued, consumedAt: at(500) };
    expect(decideCodeExchange(burnt, presented, at(1_000))).toEqual({
      kind: 'refuse',
      reason: 'code_reused',
      consume: false,
    });
  });

  it.each([
    ['verifier_mismatch', { codeVerifier: `${VERIFIER.slice(0, -1)}Y` }],
    ['redirect_uri_mismatch', { redirectUri: 'http://127.0.0.1:53124/callback' }],
    ['client_mismatch', { clientId: 'other' }],
  ] as const)('given a %s, then the code is refused and burnt', (reason, change) => {
    expect(decideCodeExchange(issued, { ...presented, ...change }, at(1))).toEqual({
      kind: 'refuse',
      reason,
      consume: true,
    });
  });
});
