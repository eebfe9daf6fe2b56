import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClickHouseError, ClickHouseErrorCode } from '../clickhouse-error';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements in file order; a file separates them with a `;` at the end of a line. */
  readonly statements: readonly string[];
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}

/** Reads `NNNN_name.sql` files from a folder, ordered by version; other files are ignored. */
export function readMigrations(folder: string): Migration[] {
  const migrations = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) {
        throw new ClickHouseError(
          ClickHouseErrorCode.MIGRATION_INVALID,
          `Migration file ${file} must be named NNNN_snake_case_name.sql`,
        );
      }
      return {
        version: Number(match[1]),
        name: match[2],
        statements: splitStatements(readFileSync(join(folder, file), 'utf8')),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, i) => {
    if (i > 0 && migrations[i - 1].version === migration.version) {
      throw new ClickHouseError(
        ClickHouseErrorCode.MIGRATION_INVALID,
        `Two migrations share version ${migration.version} in ${folder}`,
      );
    }
  });
  return migrations;
}
