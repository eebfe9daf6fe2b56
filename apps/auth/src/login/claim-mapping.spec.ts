import { idTokenHasMappedClaims, mapClaims, readClaim } from './claim-mapping';

const mapping = { email: 'email', name: 'name', groups: 'groups' };

describe('readClaim', () => {
  const claims = {
    groups: ['a'],
    realm_access: { roles: ['dev', 'ops'] },
    'https://acme.example/claims': { teams: ['x'] },
    'a/b': 1,
    'm~n': 2,
  };

  it('reads a flat claim by name', () => {
    expect(readClaim(claims, 'groups')).toEqual(['a']);
  });

  it('follows a JSON pointer into nested objects and arrays', () => {
    expect(readClaim(claims, '/realm_access/roles')).toEqual(['dev', 'ops']);
    expect(readClaim(claims, '/realm_access/roles/1')).toBe('ops');
  });

  it('decodes ~1 and ~0 escapes (RFC 6901)', () => {
    expect(readClaim(claims, '/https:~1~1acme.example~1claims/teams')).toEqual(['x']);
    expect(readClaim(claims, '/a~1b')).toBe(1);
    expect(readClaim(claims, '/m~0n')).toBe(2);
  });

  it('is undefined when a step is missing or not indexable', () => {
    expect(readClaim(claims, '/realm_access/missing')).toBeUndefined();
    expect(readClaim(claims, '/realm_access/roles/-')).toBeUndefined();
    expect(readClaim(claims, '/groups/0/deeper')).toBeUndefined();
    expect(readClaim(claims, '/toString')).toBeUndefined();
  });
});

describe('mapClaims', () => {
  const idToken = { iss: 'https://idp', sub: 'u1', email: 'a@example.com', name: 'A', amr: ['pwd', 'mfa'], acr: 'loa2' };

  it('takes each claim from the ID token and fills missing ones from userinfo of the same subject', () => {
    const identity = mapClaims(idToken, { sub: 'u1', groups: ['eng'], email: 'other@example.com' }, mapping);
    expect(identity).toEqual({
      issuer: 'https://idp',
      subject: 'u1',
      email: 'a@example.com',
      emailVerified: undefined,
      name: 'A',
      groups: ['eng'],
      acr: 'loa2',
      amr: ['pwd', 'mfa'],
    });
  });

  it('ignores userinfo for another subject', () => {
    expect(mapClaims(idToken, { sub: 'someone-else', groups: ['eng'] }, mapping).groups).toBeUndefined();
  });

  it('maps groups from a JSON pointer and accepts a single string group', () => {
    const nested = { ...idToken, realm_access: { roles: ['dev'] }, team: 'solo' };
    expect(mapClaims(nested, undefined, { ...mapping, groups: '/realm_access/roles' }).groups).toEqual(['dev']);
    expect(mapClaims(nested, undefined, { ...mapping, groups: 'team' }).groups).toEqual(['solo']);
  });

  it('knows when userinfo is needed', () => {
    expect(idTokenHasMappedClaims(idToken, mapping)).toBe(false);
    expect(idTokenHasMappedClaims({ ...idToken, groups: [] }, mapping)).toBe(true);
  });
});
