import {
  migrate,
  readMigrations,
  type ClickHouseConnection,
  type MigrationResult,
} from '@gatehouse/clickhouse';
import { join } from 'node:path';

/** The audit service owns the analytics schema; its numbered migrations sit beside this file. */
export const AUDIT_MIGRATIONS_DIR = join(__dirname, 'migrations');

export function migrateAuditSchema(connection: ClickHouseConnection): Promise<MigrationResult> {
  return migrate(connection, readMigrations(AUDIT_MIGRATIONS_DIR));
}
