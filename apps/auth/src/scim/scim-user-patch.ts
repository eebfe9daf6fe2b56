import { ScimError, ScimErrorCode } from './scim-error';
import { expandPathless, isObject, type PatchOperation } from './scim-patch-op';
import { pickEmail, withDefaults, type ScimUserState } from './scim-user-resource';
import { matchesValueFilter } from './scim-value-match';
import { booleanValue, emailValue, optionalText, requiredText } from './scim-values';

/**
 * Applies PatchOp operations to a user's state, in order, and returns the new state. Handles
 * both Okta's path-less `{"op":"replace","value":{"active":false}}` and Entra's
 * `{"op":"Replace","path":"active","value":"False"}`. Attributes Gatehouse does not store
 * (phone numbers, enterprise extension, …) are ignored rather than refused, so one unmapped
 * attribute at the IdP does not stop deprovisioning.
 */
export function applyUserPatch(
  current: ScimUserState,
  operations: readonly PatchOperation[],
): ScimUserState {
  let state = { ...current };
  for (const operation of operations.flatMap(expandPathless)) {
    state = applyOne(state, operation);
  }
  return withDefaults(state);
}

function applyOne(state: ScimUserState, operation: PatchOperation): ScimUserState {
  const path = operation.path;
  if (path === undefined) return state;
  const remove = operation.op === 'remove';
  const value = operation.value;
  const target =
    path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  switch (target) {
    case 'active':
      if (remove)
        throw new ScimError(ScimErrorCode.MUTABILITY, 'active cannot be removed; set it to false');
      return { ...state, active: booleanValue(value, 'active') };
    case 'username':
      if (remove)
        throw new ScimError(ScimErrorCode.MUTABILITY, 'userName is required and cannot be removed');
      return { ...state, userName: requiredText(value, 'userName') };
    case 'externalid':
      return { ...state, externalId: remove ? null : optionalText(value, 'externalId') };
    case 'displayname':
      return { ...state, displayName: remove ? null : optionalText(value, 'displayName') };
    case 'name.givenname':
      return { ...state, givenName: remove ? null : optionalText(value, 'name.givenName') };
    case 'name.familyname':
      return { ...state, familyName: remove ? null : optionalText(value, 'name.familyName') };
    case 'name':
      return applyName(state, operation);
    case 'emails':
    case 'emails.value':
      return applyEmail(state, operation);
    default:
      return state;
  }
}

function applyName(state: ScimUserState, operation: PatchOperation): ScimUserState {
  if (operation.op === 'remove') return { ...state, givenName: null, familyName: null };
  if (!isObject(operation.value)) {
    throw new ScimError(ScimErrorCode.INVALID_VALUE, 'name must be an object');
  }
  const name = operation.value;
  // Only the sub-attributes present are changed (RFC 7644 §3.5.2.3 for complex attributes).
  return {
    ...state,
    givenName:
      'givenName' in name ? optionalText(name.givenName, 'name.givenName') : state.givenName,
    familyName:
      'familyName' in name ? optionalText(name.familyName, 'name.familyName') : state.familyName,
  };
}

/**
 * Gatehouse keeps one email, presented as `{type: "work", primary: true}`; a path filter that
 * does not select it (e.g. `emails[type eq "home"]`) changes nothing.
 */
function applyEmail(state: ScimUserState, operation: PatchOperation): ScimUserState {
  const path = operation.path;
  const filter = path?.filter;
  if (operation.op === 'remove') {
    const targetsStored =
      filter === undefined ||
      matchesValueFilter(filter, { value: state.email, type: 'work', primary: true });
    return targetsStored ? { ...state, email: null } : state;
  }
  if (filter !== undefined && !matchesValueFilter(filter, { type: 'work', primary: true })) {
    return state;
  }
  const valueOnly = path?.subAttribute === 'value' || path?.attribute === 'emails.value';
  if (valueOnly) return { ...state, email: emailValue(operation.value, 'emails.value') };
  const list = Array.isArray(operation.value) ? operation.value : [operation.value];
  const email = pickEmail(list);
  return email === null ? state : { ...state, email };
}
