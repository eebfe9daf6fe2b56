import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient, type ClickHouseConnection } from '../clickhouse-client';
import { ClickHouseError, ClickHouseErrorCode } from '../clickhouse-error';
import { sql, sqlIdentifier } from '../sql-literal';
import type { Migration } from './migration-files';

const LEDGER = 'schema_migrations';

export interface MigrationResult {
  readonly applied: readonly number[];
  readonly current: number;
}

/**
 * Creates the connection's database if needed, then applies pending migrations in version order
 * and records each one in `schema_migrations`. Statements use unqualified table names (they run
 * with the connection's database as default) and should be idempotent (`IF NOT EXISTS`): two
 * replicas starting together may both run a migration, and ClickHouse has no transactional DDL.
 */
export async function migrate(
  connection: ClickHouseConnection,
  migrations: readonly Migration[],
): Promise<MigrationResult> {
  const db = sqlIdentifier(connection.database);
  await withClient({ ...connection, database: 'default' }, (admin) =>
    admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` }),
  );
  return withClient(connection, async (client) => {
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${LEDGER} (version UInt32, name String, applied_at DateTime) ENGINE = MergeTree ORDER BY version`,
    });
    const done = await appliedVersions(client);
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await applyMigration(client, migration);
      applied.push(migration.version);
    }
    const all = [...done, ...applied];
    return { applied, current: all.length ? Math.max(...all) : 0 };
  });
}

async function applyMigration(client: ClickHouseClient, migration: Migration): Promise<void> {
  for (const statement of migration.statements) {
    try {
      await client.command({ query: statement });
    } catch (error) {
      throw new ClickHouseError(
        ClickHouseErrorCode.MIGRATION_FAILED,
        `ClickHouse migration ${String(migration.version).padStart(4, '0')}_${migration.name}.sql failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  await client.command({
    query:
      `INSERT INTO ${LEDGER} (version, name, applied_at) VALUES ` +
      sql`(${migration.version}, ${migration.name}, ${new Date()})`,
  });
}

async function appliedVersions(client: ClickHouseClient): Promise<Set<number>> {
  const result = await client.query({
    query: `SELECT version FROM ${LEDGER}`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ version: number | string }>();
  return new Set(rows.map((row) => Number(row.version)));
}

async function withClient<T>(
  connection: ClickHouseConnection,
  work: (client: ClickHouseClient) => Promise<T>,
): Promise<T> {
  const client = createClickHouseClient(connection);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
