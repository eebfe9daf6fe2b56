import { isS256Challenge, verifierMatchesChallenge } from './pkce-check';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256 check (RFC 7636 §4.6)', () => {
  it('given the RFC example verifier, then it matches its challenge', () => {
    expect(verifierMatchesChallenge(VERIFIER, CHALLENGE)).toBe(true);
  });

  it('given another verifier, then it does not match', () => {
    expect(verifierMatchesChallenge(`${VERIFIER.slice(0, -1)}Y`, CHALLENGE)).toBe(false);
  });

  it('given the challenge itself as the verifier (plain method), then it does not match', () => {
    expect(verifierMatchesChallenge(CHALLENGE, CHALLENGE)).toBe(false);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['outside the unreserved set', `${'a'.repeat(42)}+`],
  ])('given a verifier %s, then it does not match', (_why, verifier) => {
    expect(verifierMatchesChallenge(verifier, CHALLENGE)).toBe(false);
  });

  it('recognises the shape of an S256 challenge', () => {
    expect(isS256Challenge(CHALLENGE)).toBe(true);
    expect(isS256Challenge(`${CHALLENGE}=`)).toBe(false);
    expect(isS256Challenge('plain-challenge')).toBe(false);
  });
});
