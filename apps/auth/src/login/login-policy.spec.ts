import type { MappedIdentity } from './claim-mapping';
import { LoginError, LoginErrorCode } from './login-error';
import { admitIdentity, type LoginPolicy } from './login-policy';

const open: LoginPolicy = {
  allowedDomains: [],
  allowedGroups: [],
  requireGroupsClaim: false,
  requireMfa: false,
  mfaAmrValues: ['mfa'],
  mfaAcrValues: ['urn:okta:loa:2fa:any'],
  groupsClaim: '/realm_access/roles',
  emailClaim: 'email',
};

const alice: MappedIdentity = {
  issuer: 'https://idp',
  subject: 'u1',
  email: 'alice@Example.com',
  emailVerified: true,
  name: 'Alice',
  groups: ['engineering'],
  acr: undefined,
  amr: ['pwd'],
};

function refusal(identity: MappedIdentity, policy: LoginPolicy): LoginError {
  try {
    admitIdentity(identity, policy);
  } catch (error) {
    if (error instanceof LoginError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('admitIdentity', () => {
  it('admits anyone with an email when nothing is restricted, with no groups as an empty list', () => {
    expect(admitIdentity({ ...alice, groups: undefined }, open)).toMatchObject({ email: 'alice@Example.com', groups: [] });
  });

  it('refuses a login without an email, naming the claim', () => {
    const error = refusal({ ...alice, email: undefined }, open);
    expect(error.code).toBe(LoginErrorCode.CLAIM_MISSING);
    expect(error.message).toContain('"email"');
  });

  it('applies the domain allowlist case-insensitively and refuses unverified addresses', () => {
    const policy = { ...open, allowedDomains: ['example.com'] };
    expect(admitIdentity(alice, policy).email).toBe('alice@Example.com');
    expect(refusal({ ...alice, email: 'carol@contractor.example' }, policy).code).toBe(LoginErrorCode.DOMAIN_NOT_ALLOWED);
    expect(refusal({ ...alice, emailVerified: false }, policy).message).toContain('email_verified');
  });

  it('refuses a missing groups claim when groups are required, naming the claim', () => {
    const error = refusal({ ...alice, groups: undefined }, { ...open, requireGroupsClaim: true });
    expect(error.code).toBe(LoginErrorCode.CLAIM_MISSING);
    expect(error.message).toContain('"/realm_access/roles"');
    expect(refusal({ ...alice, groups: undefined }, { ...open, allowedGroups: ['engineering'] }).code).toBe(LoginErrorCode.CLAIM_MISSING);
  });

  it('admits members of an allowed group only', () => {
    const policy = { ...open, allowedGroups: ['platform-admins', 'engineering'] };
    expect(admitIdentity(alice, policy).groups).toEqual(['engineering']);
    expect(refusal({ ...alice, groups: ['contractors'] }, policy).code).toBe(LoginErrorCode.GROUP_NOT_ALLOWED);
  });

  it('requires a second factor by amr or acr when MFA is on', () => {
    const policy = { ...open, requireMfa: true };
    expect(refusal(alice, policy).code).toBe(LoginErrorCode.MFA_REQUIRED);
    expect(admitIdentity({ ...alice, amr: ['pwd', 'mfa'] }, policy).email).toBe('alice@Example.com');
    expect(admitIdentity({ ...alice, acr: 'urn:okta:loa:2fa:any' }, policy).email).toBe('alice@Example.com');
  });
});
