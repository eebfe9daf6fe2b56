import type { UserStatus } from '../directory/entities/user.entity';
import { ScimError, ScimErrorCode } from './scim-error';
import { isObject } from './scim-patch-op';
import { SCIM_USER_SCHEMA } from './scim-schemas';
import { booleanValue, emailValue, isEmail, optionalText, requiredText } from './scim-values';

/**
 * The SCIM-visible state of a user, as PUT replaces it and PATCH edits it. One email: Gatehouse
 * keeps the work (primary) address, which is also the sign-in match for SCIM-provisioned users.
 */
export interface ScimUserState {
  userName: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
  email: string | null;
  active: boolean;
}

/** A user as stored: directory row joined with its SCIM attributes (absent for JIT users). */
export interface ScimUserRecord {
  id: string;
  email: string | null;
  displayName: string | null;
  status: UserStatus;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  userName: string | null;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
}

/** The state a stored user presents to SCIM; userName falls back to the email for JIT users. */
export function userStateOf(record: ScimUserRecord): ScimUserState {
  return {
    userName: record.userName ?? record.email ?? record.id,
    externalId: record.externalId,
    givenName: record.givenName,
    familyName: record.familyName,
    displayName: record.displayName,
    email: record.email,
    active: record.status === 'active',
  };
}

/** Parses a POST or PUT body. Attributes Gatehouse does not store are ignored (RFC 7644 §3.3). */
export function parseUserBody(body: unknown): ScimUserState {
  if (!isObject(body)) {
    throw new ScimError(ScimErrorCode.INVALID_SYNTAX, 'a User must be a JSON object');
  }
  const name = isObject(body.name) ? body.name : {};
  const state: ScimUserState = {
    userName: requiredText(body.userName, 'userName'),
    externalId: optionalText(body.externalId, 'externalId'),
    givenName: optionalText(name.givenName, 'name.givenName'),
    familyName: optionalText(name.familyName, 'name.familyName'),
    displayName:
      optionalText(body.displayName, 'displayName') ??
      optionalText(name.formatted, 'name.formatted'),
    email: pickEmail(body.emails),
    active: body.active === undefined ? true : booleanValue(body.active, 'active'),
  };
  return withDefaults(state);
}

/**
 * Fills what the directory needs from what the IdP sent: the email falls back to a userName that
 * is one (Okta's default), the display name to the name parts.
 */
export function withDefaults(state: ScimUserState): ScimUserState {
  const formatted = [state.givenName, state.familyName].filter((part) => part !== null).join(' ');
  return {
    ...state,
    email: state.email ?? (isEmail(state.userName) ? state.userName : null),
    displayName: state.displayName ?? (formatted === '' ? null : formatted),
  };
}

/** The primary email, else the `work` one, else the first; null for none. */
export function pickEmail(emails: unknown): string | null {
  if (emails === undefined || emails === null) return null;
  if (!Array.isArray(emails)) {
    throw new ScimError(ScimErrorCode.INVALID_VALUE, 'emails must be an array');
  }
  const entries = emails.filter(isObject);
  const chosen =
    entries.find(
      (entry) => entry.primary === true || entry.primary === 'True' || entry.primary === 'true',
    ) ??
    entries.find(
      (entry) => typeof entry.type === 'string' && entry.type.toLowerCase() === 'work',
    ) ??
    entries[0];
  return chosen === undefined ? null : emailValue(chosen.value, 'emails.value');
}

export function userLocation(baseUrl: string, id: string): string {
  return `${baseUrl}/Users/${encodeURIComponent(id)}`;
}

/** The User resource (RFC 7643 §4.1) with `meta`; the ETag is the directory revision. */
export function renderUser(record: ScimUserRecord, baseUrl: string): Record<string, unknown> {
  const state = userStateOf(record);
  const resource: Record<string, unknown> = {
    schemas: [SCIM_USER_SCHEMA],
    id: record.id,
    userName: state.userName,
  };
  if (state.externalId !== null) resource.externalId = state.externalId;
  const formatted = [state.givenName, state.familyName].filter((part) => part !== null).join(' ');
  resource.name = {
    ...(state.givenName === null ? {} : { givenName: state.givenName }),
    ...(state.familyName === null ? {} : { familyName: state.familyName }),
    ...(formatted === '' ? {} : { formatted }),
  };
  if (state.displayName !== null) resource.displayName = state.displayName;
  resource.emails =
    state.email === null ? [] : [{ value: state.email, type: 'work', primary: true }];
  resource.active = state.active;
  resource.meta = {
    resourceType: 'User',
    created: record.createdAt.toISOString(),
    lastModified: record.updatedAt.toISOString(),
    location: userLocation(baseUrl, record.id),
    version: userVersion(record),
  };
  return resource;
}

export function userVersion(record: Pick<ScimUserRecord, 'revision'>): string {
  return `W/"${record.revision}"`;
}
