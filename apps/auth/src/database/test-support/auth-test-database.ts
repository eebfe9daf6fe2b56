import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createAuthDataSource } from '../auth-data-source';
import { migrateAuthDatabase } from '../migrate-auth-database';

export interface AuthTestDatabase {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly url: string;
  /** Drops the schema with everything in it and closes the pool. */
  drop(): Promise<void>;
}

/**
 * A migrated auth schema of its own in `gatehouse_test` for one integration test file, so test
 * files (and other engineers' runs) never see each other's rows. The jest global setup loads
 * DATABASE_TEST_URL from the stack's stack.env.
 */
export async function createAuthTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<AuthTestDatabase> {
  const url = process.env.DATABASE_TEST_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'DATABASE_TEST_URL is not set; start the stack with `bash tools/stack/stack.sh start`',
    );
  }
  const schema = `auth_it_${randomBytes(6).toString('hex')}`;
  const dataSource = createAuthDataSource({
    url,
    schema,
    poolSize: 6,
    applicationName: 'gatehouse-auth-it',
  });
  await dataSource.initialize();
  if (options.migrate !== false) await migrateAuthDatabase(dataSource);
  return {
    dataSource,
    schema,
    url,
    async drop() {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
