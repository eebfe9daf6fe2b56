import { ScimError, ScimErrorCode } from './scim-error';
import { isObject } from './scim-patch-op';
import { SCIM_GROUP_SCHEMA } from './scim-schemas';
import { userLocation } from './scim-user-resource';
import { optionalText, requiredText } from './scim-values';

/** The SCIM-visible state of a group: members are Gatehouse user ids, in insertion order. */
export interface ScimGroupState {
  displayName: string;
  externalId: string | null;
  members: string[];
}

export interface ScimGroupMember {
  userId: string;
  display: string | null;
}

/** A SCIM group as stored; `members` is undefined when the caller excluded them. */
export interface ScimGroupRecord {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  members: ScimGroupMember[] | undefined;
}

export function parseGroupBody(body: unknown): ScimGroupState {
  if (!isObject(body)) {
    throw new ScimError(ScimErrorCode.INVALID_SYNTAX, 'a Group must be a JSON object');
  }
  return {
    displayName: requiredText(body.displayName, 'displayName'),
    externalId: optionalText(body.externalId, 'externalId'),
    members: memberIds(body.members ?? []),
  };
}

/** `[{ "value": "<user id>", "display": "…" }, …]` → unique ids in order. */
export function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const ids = list.map((member, index) => {
    const id = isObject(member) ? member.value : undefined;
    if (typeof id !== 'string' || id.trim() === '') {
      throw new ScimError(
        ScimErrorCode.INVALID_VALUE,
        `members[${index}] must be an object with a string "value" (the user id)`,
      );
    }
    return id.trim();
  });
  return [...new Set(ids)];
}

export function groupLocation(baseUrl: string, id: string): string {
  return `${baseUrl}/Groups/${encodeURIComponent(id)}`;
}

/** The Group resource (RFC 7643 §4.2) with `meta`; `members` only when they were loaded. */
export function renderGroup(record: ScimGroupRecord, baseUrl: string): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    schemas: [SCIM_GROUP_SCHEMA],
    id: record.id,
    displayName: record.displayName,
  };
  if (record.externalId !== null) resource.externalId = record.externalId;
  if (record.members !== undefined) {
    resource.members = record.members.map((member) => ({
      value: member.userId,
      ...(member.display === null ? {} : { display: member.display }),
      $ref: userLocation(baseUrl, member.userId),
      type: 'User',
    }));
  }
  resource.meta = {
    resourceType: 'Group',
    created: record.createdAt.toISOString(),
    lastModified: record.updatedAt.toISOString(),
    location: groupLocation(baseUrl, record.id),
    version: `W/"${record.updatedAt.getTime()}"`,
  };
  return resource;
}
