import type { FilterValue, ScimFilter } from './scim-filter';

/** One value of a multi-valued attribute, by lowercase sub-attribute name (`value`, `type`…). */
export type ScimValueRecord = Readonly<Record<string, string | boolean | null>>;

/**
 * Evaluates a value-path filter (`members[value eq "…"]`, `emails[type eq "work"]`) against one
 * value in memory. PATCH paths only ever filter on a few sub-attributes, so this covers the
 * comparison operators on strings and booleans; SCIM strings compare case-insensitively except
 * `value` of members, which is an id and compares exactly.
 */
export function matchesValueFilter(filter: ScimFilter, record: ScimValueRecord): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesValueFilter(filter.left, record) && matchesValueFilter(filter.right, record);
    case 'or':
      return matchesValueFilter(filter.left, record) || matchesValueFilter(filter.right, record);
    case 'not':
      return !matchesValueFilter(filter.filter, record);
    case 'present': {
      const value = record[filter.path];
      return value !== undefined && value !== null && value !== '';
    }
    case 'valuePath':
      return false;
    case 'compare':
      return compare(record[filter.path] ?? null, filter.op, filter.value, filter.path === 'value');
  }
}

function compare(
  actual: string | boolean | null,
  op: Extract<ScimFilter, { kind: 'compare' }>['op'],
  expected: FilterValue,
  caseExact: boolean,
): boolean {
  if (typeof actual === 'boolean' || typeof expected === 'boolean') {
    const want = typeof expected === 'string' ? expected.toLowerCase() === 'true' : expected;
    if (op === 'eq') return actual === want;
    if (op === 'ne') return actual !== want;
    return false;
  }
  if (actual === null || expected === null) {
    if (op === 'eq') return actual === expected;
    if (op === 'ne') return actual !== expected;
    return false;
  }
  const left = caseExact ? actual : actual.toLowerCase();
  const right = caseExact ? String(expected) : String(expected).toLowerCase();
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}
