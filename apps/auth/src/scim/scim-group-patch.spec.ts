import { ScimErrorCode } from './scim-error';
import { applyGroupPatch } from './scim-group-patch';
import type { ScimGroupState } from './scim-group-resource';
import { parsePatchRequest } from './scim-patch-op';

const GROUP: ScimGroupState = {
  displayName: 'engineering',
  externalId: null,
  members: ['usr_a', 'usr_b'],
};

const patch = (operations: unknown[], state: ScimGroupState = GROUP) =>
  applyGroupPatch(state, parsePatchRequest({ Operations: operations }));

describe('applyGroupPatch', () => {
  it("adds members in Entra's shape without duplicates", () => {
    expect(
      patch([{ op: 'Add', path: 'members', value: [{ value: 'usr_c' }, { value: 'usr_a' }] }])
        .members,
    ).toEqual(['usr_a', 'usr_b', 'usr_c']);
  });

  it("removes members named in Entra's value list", () => {
    expect(patch([{ op: 'Remove', path: 'members', value: [{ value: 'usr_a' }] }]).members).toEqual(
      ['usr_b'],
    );
  });

  it("removes a member through Okta's filtered path", () => {
    expect(patch([{ op: 'remove', path: 'members[value eq "usr_b"]' }]).members).toEqual(['usr_a']);
    // Ids compare exactly: a different case names a different user.
    expect(patch([{ op: 'remove', path: 'members[value eq "USR_B"]' }]).members).toEqual([
      'usr_a',
      'usr_b',
    ]);
  });

  it("replaces the member list (Okta group push) and renames with Okta's path-less value", () => {
    expect(
      patch([
        { op: 'replace', path: 'members', value: [{ value: 'usr_c', display: 'c@example.com' }] },
        { op: 'replace', value: { id: 'grp_1', displayName: 'platform' } },
      ]),
    ).toEqual({ displayName: 'platform', externalId: null, members: ['usr_c'] });
  });

  it('adds members from a path-less value and removes all members without a value', () => {
    expect(patch([{ op: 'add', value: { members: [{ value: 'usr_d' }] } }]).members).toEqual([
      'usr_a',
      'usr_b',
      'usr_d',
    ]);
    expect(patch([{ op: 'remove', path: 'members' }]).members).toEqual([]);
  });

  it('sets and removes the externalId', () => {
    expect(patch([{ op: 'Replace', path: 'externalId', value: 'ext-1' }]).externalId).toBe('ext-1');
    expect(
      patch([{ op: 'remove', path: 'externalId' }], { ...GROUP, externalId: 'x' }).externalId,
    ).toBeNull();
  });

  it.each([
    [[{ op: 'remove', path: 'displayName' }], ScimErrorCode.MUTABILITY],
    [[{ op: 'add', path: 'members', value: [{ display: 'no id' }] }], ScimErrorCode.INVALID_VALUE],
    [[{ op: 'replace', path: 'members[value eq "usr_a"]', value: [] }], ScimErrorCode.INVALID_PATH],
    [[{ op: 'replace', path: 'displayName', value: '' }], ScimErrorCode.INVALID_VALUE],
  ])('refuses %j', (operations, code) => {
    expect(() => patch(operations)).toThrow(expect.objectContaining({ code }));
  });
});
