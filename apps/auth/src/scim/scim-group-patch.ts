import { ScimError, ScimErrorCode } from './scim-error';
import type { ScimGroupState } from './scim-group-resource';
import { memberIds } from './scim-group-resource';
import { expandPathless, type PatchOperation } from './scim-patch-op';
import { matchesValueFilter } from './scim-value-match';
import { optionalText, requiredText } from './scim-values';

/**
 * Applies PatchOp operations to a group. Membership arrives in several dialects, all handled:
 * Entra's `{"op":"Add","path":"members","value":[{"value":"<id>"}]}` and
 * `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`, Okta's
 * `{"op":"remove","path":"members[value eq \"<id>\"]"}` and `replace` of the whole list, and
 * Okta's path-less rename `{"op":"replace","value":{"id":"…","displayName":"…"}}`.
 */
export function applyGroupPatch(
  current: ScimGroupState,
  operations: readonly PatchOperation[],
): ScimGroupState {
  let state: ScimGroupState = { ...current, members: [...current.members] };
  for (const operation of operations.flatMap(expandPathless)) {
    state = applyOne(state, operation);
  }
  return state;
}

function applyOne(state: ScimGroupState, operation: PatchOperation): ScimGroupState {
  const path = operation.path;
  if (path === undefined) return state;
  const remove = operation.op === 'remove';
  switch (path.attribute) {
    case 'displayname':
      if (remove) {
        throw new ScimError(
          ScimErrorCode.MUTABILITY,
          'displayName is required and cannot be removed',
        );
      }
      return { ...state, displayName: requiredText(operation.value, 'displayName') };
    case 'externalid':
      return { ...state, externalId: remove ? null : optionalText(operation.value, 'externalId') };
    case 'members':
      return { ...state, members: applyMembers(state.members, operation) };
    default:
      // `id`, `schemas`, `meta` in Okta's path-less value, and attributes we do not store.
      return state;
  }
}

function applyMembers(members: string[], operation: PatchOperation): string[] {
  const filter = operation.path?.filter;
  switch (operation.op) {
    case 'add':
      return [...new Set([...members, ...memberIds(operation.value)])];
    case 'replace':
      if (filter !== undefined) {
        throw new ScimError(
          ScimErrorCode.INVALID_PATH,
          'replace a filtered member is not supported; remove and add instead',
        );
      }
      return memberIds(operation.value ?? []);
    case 'remove': {
      if (filter !== undefined) {
        return members.filter((id) => !matchesValueFilter(filter, { value: id, type: 'User' }));
      }
      // Entra names the members to remove in `value`; no value removes them all (RFC 7644 §3.5.2.2).
      if (operation.value === undefined || operation.value === null) return [];
      const gone = new Set(memberIds(operation.value));
      return members.filter((id) => !gone.has(id));
    }
  }
}
