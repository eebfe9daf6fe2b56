import { ACR_MFA, ACR_PASSWORD, SCOPE_CLAIMS, authenticationContext, userClaims } from './claims';
import { DevIdpUserSchema } from './seed/seed-schema';

const alice = DevIdpUserSchema.parse({
  sub: 'dev-alice',
  email: 'alice@example.com',
  password: 'p',
  name: 'Alice',
  groups: ['engineering', 'platform-admins'],
  mfa: true,
});
const carol = DevIdpUserSchema.parse({
  sub: 'dev-carol',
  email: 'carol@contractor.example',
  password: 'p',
  name: 'Carol',
  groups: ['contractors'],
  mfa: false,
  emailVerified: false,
});

describe('claims mapping', () => {
  it('maps a user to sub, email, email_verified, name and groups', () => {
    expect(userClaims(alice, { dropGroupsClaim: false })).toEqual({
      sub: 'dev-alice',
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice',
      groups: ['engineering', 'platform-admins'],
    });
    expect(userClaims(carol, { dropGroupsClaim: false }).email_verified).toBe(false);
  });

  it('leaves the groups claim out entirely (not empty) when the fault is on', () => {
    expect(userClaims(alice, { dropGroupsClaim: true })).not.toHaveProperty('groups');
  });

  it('returns a copy of the groups so a caller cannot change the seed', () => {
    userClaims(alice, { dropGroupsClaim: false }).groups?.push('root');
    expect(alice.groups).toEqual(['engineering', 'platform-admins']);
  });

  it('reports pwd+mfa for MFA users and pwd alone otherwise', () => {
    expect(authenticationContext(alice)).toEqual({ acr: ACR_MFA, amr: ['pwd', 'mfa'] });
    expect(authenticationContext(carol)).toEqual({ acr: ACR_PASSWORD, amr: ['pwd'] });
  });

  it('releases groups with the groups scope and acr/amr with openid', () => {
    expect(SCOPE_CLAIMS.groups).toEqual(['groups']);
    expect(SCOPE_CLAIMS.openid).toEqual(expect.arrayContaining(['sub', 'acr', 'amr']));
  });
});
