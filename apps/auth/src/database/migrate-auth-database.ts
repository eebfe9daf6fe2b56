import type { DataSource } from 'typeorm';
import { schemaOf } from './auth-data-source';
import { AuthDatabaseError, AuthDatabaseErrorCode } from './database-error';

/**
 * Creates the schema when missing and runs pending migrations, each in its own transaction.
 * Safe to call from several replicas starting together: TypeORM takes a lock on its migrations
 * table, and `CREATE SCHEMA IF NOT EXISTS` tolerates a concurrent creator.
 * Returns the names of the migrations that ran.
 */
export async function migrateAuthDatabase(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } catch (error) {
    throw new AuthDatabaseError(
      AuthDatabaseErrorCode.MIGRATION_FAILED,
      `Migrating the auth schema "${schema}" failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Reverts every applied migration, newest first (tests and disaster recovery only). */
export async function revertAuthDatabase(dataSource: DataSource): Promise<number> {
  let reverted = 0;
  while ((await appliedCount(dataSource)) > 0) {
    await dataSource.undoLastMigration({ transaction: 'each' });
    reverted += 1;
  }
  return reverted;
}

async function appliedCount(dataSource: DataSource): Promise<number> {
  const rows: { count: string }[] = await dataSource.query(
    'SELECT count(*) AS count FROM typeorm_migrations',
  );
  return Number(rows[0]?.count ?? 0);
}
