export enum ClickHouseErrorCode {
  /** A value cannot be written as a literal (NaN, Infinity, an object, …). */
  INVALID_LITERAL = 'CLICKHOUSE_INVALID_LITERAL',
  /** A table or column name is not a plain identifier. */
  INVALID_IDENTIFIER = 'CLICKHOUSE_INVALID_IDENTIFIER',
  /** A schema migration failed; the database is left at the last applied version. */
  MIGRATION_FAILED = 'CLICKHOUSE_MIGRATION_FAILED',
  /** A migration file name does not follow NNNN_name.sql, or two share a version. */
  MIGRATION_INVALID = 'CLICKHOUSE_MIGRATION_INVALID',
}

export class ClickHouseError extends Error {
  constructor(
    readonly code: ClickHouseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClickHouseError';
  }
}
