import { ClickHouseError, ClickHouseErrorCode } from './clickhouse-error';

/**
 * The one place SQL literals are built. ClickHouse 18.16 (the Debian build used locally) has no
 * server-side query parameters, so every value that reaches SQL text goes through `sqlLiteral`,
 * and every table/column name through `sqlIdentifier`.
 */
export type SqlValue =
  string | number | bigint | boolean | Date | null | undefined | readonly SqlValue[];

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
};

/** Quotes a string as a ClickHouse string literal; backslash escapes cover quotes and control characters. */
export function quoteString(value: string): string {
  return `'${value.replace(/[\\'\n\r\t\0\b\f]/g, (ch) => ESCAPES[ch] ?? ch)}'`;
}

/** `YYYY-MM-DD hh:mm:ss` in UTC: the DateTime text form every ClickHouse version parses. */
export function formatDateTime(value: Date): string {
  if (Number.isNaN(value.getTime())) {
    throw new ClickHouseError(
      ClickHouseErrorCode.INVALID_LITERAL,
      'Invalid Date cannot be written to ClickHouse',
    );
  }
  return value.toISOString().slice(0, 19).replace('T', ' ');
}

export function sqlLiteral(value: SqlValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new ClickHouseError(
        ClickHouseErrorCode.INVALID_LITERAL,
        `Number ${value} cannot be written to ClickHouse`,
      );
    }
    return String(value);
  }
  if (value instanceof Date) return quoteString(formatDateTime(value));
  if (Array.isArray(value)) return `[${value.map(sqlLiteral).join(', ')}]`;
  throw new ClickHouseError(
    ClickHouseErrorCode.INVALID_LITERAL,
    `Unsupported literal type: ${typeof value}`,
  );
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Accepts only plain identifiers (optionally `db.table`), so names never need quoting. */
export function sqlIdentifier(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new ClickHouseError(
      ClickHouseErrorCode.INVALID_IDENTIFIER,
      `"${name}" is not a plain ClickHouse identifier (letters, digits, underscore; optional db. prefix)`,
    );
  }
  return name;
}

/**
 * Tagged template that renders `${value}` placeholders as literals:
 * sql`SELECT count() FROM requests WHERE user_id = ${userId}`.
 */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): string {
  return strings.reduce(
    (text, part, i) => text + part + (i < values.length ? sqlLiteral(values[i]) : ''),
    '',
  );
}
