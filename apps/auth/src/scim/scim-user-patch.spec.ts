import { ScimErrorCode } from './scim-error';
import { parsePatchRequest } from './scim-patch-op';
import { applyUserPatch } from './scim-user-patch';
import type { ScimUserState } from './scim-user-resource';

const ALICE: ScimUserState = {
  userName: 'alice@example.com',
  externalId: '00u1',
  givenName: 'Alice',
  familyName: 'Liddell',
  displayName: 'Alice Liddell',
  email: 'alice@example.com',
  active: true,
};

const patch = (state: ScimUserState, operations: unknown[]) =>
  applyUserPatch(
    state,
    parsePatchRequest({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: operations,
    }),
  );

describe('applyUserPatch', () => {
  it("deactivates with Okta's path-less replace", () => {
    expect(patch(ALICE, [{ op: 'replace', value: { active: false } }])).toEqual({
      ...ALICE,
      active: false,
    });
  });

  it("deactivates with Entra's capitalised op, path and string boolean", () => {
    expect(patch(ALICE, [{ op: 'Replace', path: 'active', value: 'False' }]).active).toBe(false);
    expect(
      patch({ ...ALICE, active: false }, [{ op: 'replace', path: 'active', value: 'True' }]).active,
    ).toBe(true);
  });

  it("changes the work email through Entra's filtered path and the name through dotted paths", () => {
    const next = patch(ALICE, [
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'alice.l@example.com' },
      { op: 'Replace', path: 'name.familyName', value: 'Pleasance' },
      { op: 'Replace', path: 'displayName', value: 'Alice P.' },
    ]);
    expect(next).toEqual({
      ...ALICE,
      email: 'alice.l@example.com',
      familyName: 'Pleasance',
      displayName: 'Alice P.',
    });
  });

  it('replaces emails from a list (primary wins) and ignores a filter that selects another type', () => {
    expect(
      patch(ALICE, [
        {
          op: 'replace',
          path: 'emails',
          value: [
            { value: 'home@example.net', type: 'home' },
            { value: 'new@example.com', type: 'work', primary: true },
          ],
        },
      ]).email,
    ).toBe('new@example.com');
    expect(
      patch(ALICE, [
        { op: 'replace', path: 'emails[type eq "home"].value', value: 'h@example.net' },
      ]).email,
    ).toBe('alice@example.com');
  });

  it('applies a path-less replace of several attributes, including a complex name', () => {
    const next = patch(ALICE, [
      {
        op: 'replace',
        value: {
          userName: 'al@example.com',
          name: { givenName: 'Al' },
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'R&D',
        },
      },
    ]);
    expect(next).toEqual({ ...ALICE, userName: 'al@example.com', givenName: 'Al' });
  });

  it('removes optional attributes and falls back to the userName for a removed email', () => {
    const next = patch(ALICE, [
      { op: 'remove', path: 'externalId' },
      { op: 'remove', path: 'emails[type eq "work"]' },
      { op: 'remove', path: 'name' },
    ]);
    expect(next).toEqual({
      ...ALICE,
      externalId: null,
      givenName: null,
      familyName: null,
      email: 'alice@example.com',
    });
  });

  it('ignores attributes Gatehouse does not store', () => {
    expect(
      patch(ALICE, [
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555' },
        { op: 'Replace', path: 'title', value: 'Engineer' },
      ]),
    ).toEqual(ALICE);
  });

  it.each([
    [[{ op: 'replace', path: 'active', value: 'maybe' }], ScimErrorCode.INVALID_VALUE],
    [[{ op: 'remove', path: 'active' }], ScimErrorCode.MUTABILITY],
    [[{ op: 'remove', path: 'userName' }], ScimErrorCode.MUTABILITY],
    [[{ op: 'replace', path: 'emails.value', value: 'not-an-email' }], ScimErrorCode.INVALID_VALUE],
    [[{ op: 'move', path: 'active', value: true }], ScimErrorCode.INVALID_VALUE],
    [[{ op: 'remove' }], ScimErrorCode.NO_TARGET],
    [[{ op: 'replace', value: 'x' }], ScimErrorCode.INVALID_VALUE],
    [[{ op: 'replace', path: 'emails[type eq', value: 'x' }], ScimErrorCode.INVALID_PATH],
  ])('refuses %j', (operations, code) => {
    expect(() => patch(ALICE, operations)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a body that is not a PatchOp', () => {
    expect(() => parsePatchRequest({ op: 'replace' })).toThrow(
      expect.objectContaining({ code: ScimErrorCode.INVALID_SYNTAX }),
    );
    expect(() => parsePatchRequest([])).toThrow(
      expect.objectContaining({ code: ScimErrorCode.INVALID_SYNTAX }),
    );
  });
});
