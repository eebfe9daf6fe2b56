import { ScimError, ScimErrorCode } from './scim-error';
import { parseScimFilter, parseScimPath } from './scim-filter';

function errorOf(work: () => unknown): ScimError {
  try {
    work();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('parseScimFilter', () => {
  it('parses the userName lookup Okta and Entra send before creating a user', () => {
    expect(parseScimFilter('userName eq "alice@example.com"')).toEqual({
      kind: 'compare',
      path: 'username',
      op: 'eq',
      value: 'alice@example.com',
    });
  });

  it('strips the core schema URN and lowercases attribute names', () => {
    expect(
      parseScimFilter('urn:ietf:params:scim:schemas:core:2.0:User:externalId EQ "00u1"'),
    ).toEqual({ kind: 'compare', path: 'externalid', op: 'eq', value: '00u1' });
  });

  it('reads Entra\'s emails[type eq "work"].value eq "…" as one value-path filter', () => {
    expect(parseScimFilter('emails[type eq "work"].value eq "a@example.com"')).toEqual({
      kind: 'valuePath',
      path: 'emails',
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: 'type', op: 'eq', value: 'work' },
        right: { kind: 'compare', path: 'value', op: 'eq', value: 'a@example.com' },
      },
    });
  });

  it('binds and tighter than or, and honours parentheses and not', () => {
    const filter = parseScimFilter('userName sw "a" or userName sw "b" and not (active eq false)');
    expect(filter).toEqual({
      kind: 'or',
      left: { kind: 'compare', path: 'username', op: 'sw', value: 'a' },
      right: {
        kind: 'and',
        left: { kind: 'compare', path: 'username', op: 'sw', value: 'b' },
        right: {
          kind: 'not',
          filter: { kind: 'compare', path: 'active', op: 'eq', value: false },
        },
      },
    });
    expect(parseScimFilter('(displayName pr) and externalId eq null')).toEqual({
      kind: 'and',
      left: { kind: 'present', path: 'displayname' },
      right: { kind: 'compare', path: 'externalid', op: 'eq', value: null },
    });
  });

  it('decodes JSON escapes and accepts single-quoted strings', () => {
    expect(parseScimFilter('displayName eq "say \\"hi\\""')).toMatchObject({ value: 'say "hi"' });
    expect(parseScimFilter("emails[type eq 'work']")).toMatchObject({
      filter: { value: 'work' },
    });
  });

  it.each([
    ['userName eq', 'expected a value but the filter ended'],
    ['userName foo "x"', 'expected an operator'],
    ['userName eq "x', 'unterminated string'],
    ['userName eq "x" extra', 'unexpected "extra"'],
    ['(userName eq "x"', 'expected ")"'],
    ['userName eq bare', 'is not a value'],
  ])('refuses %j with invalidFilter', (text, message) => {
    const error = errorOf(() => parseScimFilter(text));
    expect(error.code).toBe(ScimErrorCode.INVALID_FILTER);
    expect(error.message).toContain(message);
  });
});

describe('parseScimPath', () => {
  it('parses plain, dotted, filtered and filtered-with-sub-attribute paths', () => {
    expect(parseScimPath('active')).toEqual({ attribute: 'active' });
    expect(parseScimPath('name.givenName')).toEqual({ attribute: 'name.givenname' });
    expect(parseScimPath('members[value eq "usr_1"]')).toEqual({
      attribute: 'members',
      filter: { kind: 'compare', path: 'value', op: 'eq', value: 'usr_1' },
    });
    expect(parseScimPath('emails[type eq "work"].value')).toEqual({
      attribute: 'emails',
      filter: { kind: 'compare', path: 'type', op: 'eq', value: 'work' },
      subAttribute: 'value',
    });
  });

  it('refuses malformed paths with invalidPath', () => {
    expect(errorOf(() => parseScimPath('members[value eq "x"')).code).toBe(
      ScimErrorCode.INVALID_PATH,
    );
    expect(errorOf(() => parseScimPath('"quoted"')).code).toBe(ScimErrorCode.INVALID_PATH);
    expect(errorOf(() => parseScimPath('members[value eq "x"] trailing')).code).toBe(
      ScimErrorCode.INVALID_PATH,
    );
  });
});
