import { ScimError, ScimErrorCode } from './scim-error';
import type { CompareOp, FilterValue, ScimFilter } from './scim-filter';

/**
 * How one filterable attribute is stored. `string` compares case-insensitively (SCIM's default,
 * `caseExact: false`), `caseExactString` as is (ids, externalId).
 */
export interface FilterColumn {
  sql: string;
  type: 'string' | 'caseExactString' | 'boolean' | 'dateTime';
}

/** A multi-valued attribute (`emails`, `members`): its sub-attributes and how to test "some value matches". */
export interface MultiValuedColumn {
  sub: Record<string, FilterColumn>;
  /** Wraps the compiled sub-filter, e.g. in `EXISTS (… WHERE <condition>)`. */
  some(condition: string): string;
}

export interface FilterColumns {
  attributes: Record<string, FilterColumn>;
  multiValued: Record<string, MultiValuedColumn>;
}

/**
 * Compiles a parsed filter into a SQL condition over the columns the resource type declares.
 * Values always travel as bind parameters; `params` is appended to, so the caller can put its own
 * parameters first. Filtering on an attribute we do not store is INVALID_FILTER rather than
 * "no match", so a mis-configured matching attribute at the IdP shows up as an error.
 */
export function compileScimFilter(
  filter: ScimFilter,
  columns: FilterColumns,
  params: unknown[],
): string {
  return new FilterCompiler(params).compile(filter, columns.attributes, columns);
}

class FilterCompiler {
  constructor(private readonly params: unknown[]) {}

  compile(
    filter: ScimFilter,
    attributes: Record<string, FilterColumn>,
    columns: FilterColumns | undefined,
  ): string {
    switch (filter.kind) {
      case 'and':
      case 'or':
        return `(${this.compile(filter.left, attributes, columns)} ${filter.kind.toUpperCase()} ${this.compile(filter.right, attributes, columns)})`;
      case 'not':
        return `(NOT COALESCE(${this.compile(filter.filter, attributes, columns)}, FALSE))`;
      case 'valuePath':
        return this.valuePath(filter.path, filter.filter, columns);
      case 'present':
      case 'compare': {
        const column = attributes[filter.path];
        if (column === undefined) {
          const multi = columns === undefined ? undefined : splitMultiValued(filter.path, columns);
          if (multi !== undefined) {
            return this.valuePath(multi.attribute, { ...filter, path: multi.sub }, columns);
          }
          throw invalid(`filtering on "${filter.path}" is not supported`);
        }
        return filter.kind === 'present'
          ? present(column)
          : this.compare(column, filter.op, filter.value, filter.path);
      }
    }
  }

  private valuePath(path: string, inner: ScimFilter, columns: FilterColumns | undefined): string {
    const multi = columns?.multiValued[path];
    if (multi === undefined)
      throw invalid(`"${path}" is not a multi-valued attribute we filter on`);
    // Nested value paths are not valid SCIM, so the sub-filter sees only sub-attributes.
    return multi.some(this.compile(inner, multi.sub, undefined));
  }

  private compare(column: FilterColumn, op: CompareOp, value: FilterValue, path: string): string {
    if (value === null) {
      if (op === 'eq') return `(${column.sql} IS NULL)`;
      if (op === 'ne') return `(${column.sql} IS NOT NULL)`;
      throw invalid(`"${op}" cannot compare with null`);
    }
    switch (column.type) {
      case 'boolean':
        return this.compareBoolean(column, op, value, path);
      case 'dateTime':
        return this.compareDateTime(column, op, value, path);
      case 'string':
      case 'caseExactString':
        return this.compareString(column, op, value, path);
    }
  }

  private compareString(
    column: FilterColumn,
    op: CompareOp,
    value: FilterValue,
    path: string,
  ): string {
    if (typeof value !== 'string') throw invalid(`${path} takes a quoted string`);
    const fold = column.type === 'string';
    const lhs = fold ? `lower(${column.sql})` : column.sql;
    const norm = fold ? value.toLowerCase() : value;
    switch (op) {
      case 'eq':
        return `(${lhs} = ${this.bind(norm)})`;
      case 'ne':
        return `(${column.sql} IS NULL OR ${lhs} <> ${this.bind(norm)})`;
      case 'co':
        return `(${lhs} LIKE ${this.bind(`%${escapeLike(norm)}%`)})`;
      case 'sw':
        return `(${lhs} LIKE ${this.bind(`${escapeLike(norm)}%`)})`;
      case 'ew':
        return `(${lhs} LIKE ${this.bind(`%${escapeLike(norm)}`)})`;
      case 'gt':
        return `(${lhs} > ${this.bind(norm)})`;
      case 'ge':
        return `(${lhs} >= ${this.bind(norm)})`;
      case 'lt':
        return `(${lhs} < ${this.bind(norm)})`;
      case 'le':
        return `(${lhs} <= ${this.bind(norm)})`;
    }
  }

  private compareBoolean(
    column: FilterColumn,
    op: CompareOp,
    value: FilterValue,
    path: string,
  ): string {
    const bool = typeof value === 'string' ? parseBooleanText(value) : value;
    if (typeof bool !== 'boolean') throw invalid(`${path} takes true or false`);
    if (op === 'eq') return `(${column.sql} = ${this.bind(bool)})`;
    if (op === 'ne') return `(${column.sql} <> ${this.bind(bool)})`;
    throw invalid(`${path} is a boolean: only eq and ne apply`);
  }

  private compareDateTime(
    column: FilterColumn,
    op: CompareOp,
    value: FilterValue,
    path: string,
  ): string {
    const instant = typeof value === 'string' ? new Date(value) : undefined;
    if (instant === undefined || Number.isNaN(instant.getTime())) {
      throw invalid(`${path} takes an RFC 3339 date-time in quotes`);
    }
    const sqlOps: Partial<Record<CompareOp, string>> = {
      eq: '=',
      ne: '<>',
      gt: '>',
      ge: '>=',
      lt: '<',
      le: '<=',
    };
    const sqlOp = sqlOps[op];
    if (sqlOp === undefined) throw invalid(`${path} is a date-time: "${op}" does not apply`);
    return `(${column.sql} ${sqlOp} ${this.bind(instant.toISOString())}::timestamptz)`;
  }

  private bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/** `members.value` → (`members`, `value`) when `members` is multi-valued. */
function splitMultiValued(
  path: string,
  columns: FilterColumns,
): { attribute: string; sub: string } | undefined {
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const attribute = path.slice(0, dot);
  return columns.multiValued[attribute] === undefined
    ? undefined
    : { attribute, sub: path.slice(dot + 1) };
}

function present(column: FilterColumn): string {
  return column.type === 'string' || column.type === 'caseExactString'
    ? `(${column.sql} IS NOT NULL AND ${column.sql} <> '')`
    : `(${column.sql} IS NOT NULL)`;
}

/** Escapes LIKE's wildcards; PostgreSQL's default LIKE escape character is the backslash. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** "true"/"True"/"FALSE" as Entra sends them; anything else is not a boolean. */
export function parseBooleanText(value: string): boolean | undefined {
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

function invalid(message: string): ScimError {
  return new ScimError(ScimErrorCode.INVALID_FILTER, message);
}
