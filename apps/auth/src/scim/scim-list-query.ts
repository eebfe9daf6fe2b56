import { SCIM_MAX_RESULTS } from './scim-schemas';
import { normalizeAttributePath, parseScimFilter, type ScimFilter } from './scim-filter';
import type { ScimPageRequest } from './scim-store-deps';
import { ScimError, ScimErrorCode } from './scim-error';

/** The query parameters of a SCIM GET (RFC 7644 §3.4.2), parsed. */
export interface ScimListQuery {
  filter: ScimFilter | undefined;
  page: ScimPageRequest;
  projection: ScimProjection;
}

export interface ScimProjection {
  /** Lowercase top-level attributes to return; undefined means the defaults. */
  attributes: Set<string> | undefined;
  excluded: Set<string>;
}

const DEFAULT_COUNT = 100;
const ALWAYS_RETURNED = new Set(['schemas', 'id', 'meta']);

type QueryValue = string | string[] | undefined;

export function parseListQuery(query: Record<string, QueryValue>): ScimListQuery {
  const filterText = single(query.filter, 'filter');
  return {
    filter:
      filterText === undefined || filterText.trim() === ''
        ? undefined
        : parseScimFilter(filterText),
    page: {
      // RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count means 0.
      startIndex: Math.max(1, integer(single(query.startIndex, 'startIndex'), 1)),
      count: Math.min(
        SCIM_MAX_RESULTS,
        Math.max(0, integer(single(query.count, 'count'), DEFAULT_COUNT)),
      ),
    },
    projection: parseProjection(query),
  };
}

export function parseProjection(query: Record<string, QueryValue>): ScimProjection {
  const attributes = attributeList(single(query.attributes, 'attributes'));
  return {
    attributes: attributes.size === 0 ? undefined : attributes,
    excluded: attributeList(single(query.excludedAttributes, 'excludedAttributes')),
  };
}

/** Whether the projection leaves `attribute` in (used to skip loading group members). */
export function includesAttribute(projection: ScimProjection, attribute: string): boolean {
  if (projection.attributes !== undefined) return projection.attributes.has(attribute);
  return !projection.excluded.has(attribute);
}

/** Applies `attributes`/`excludedAttributes` to a rendered resource's top-level attributes. */
export function project(
  resource: Record<string, unknown>,
  projection: ScimProjection,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const name = key.toLowerCase();
    if (ALWAYS_RETURNED.has(name) || includesAttribute(projection, name)) result[key] = value;
  }
  return result;
}

/** `members, name.givenName` → {members, name}: projection works on top-level attributes. */
function attributeList(value: string | undefined): Set<string> {
  if (value === undefined) return new Set();
  return new Set(
    value
      .split(',')
      .map((item) => normalizeAttributePath(item.trim()).split('.')[0] ?? '')
      .filter((item) => item !== ''),
  );
}

function single(value: QueryValue, name: string): string | undefined {
  if (Array.isArray(value)) {
    throw new ScimError(
      ScimErrorCode.INVALID_VALUE,
      `the query parameter ${name} appears more than once`,
    );
  }
  return value;
}

function integer(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) {
    throw new ScimError(ScimErrorCode.INVALID_VALUE, `"${value}" is not an integer`);
  }
  return parsed;
}
