import { createAuthTestDatabase, type AuthTestDatabase } from './test-support/auth-test-database';
import { AUTH_MIGRATIONS } from './auth-migrations';
import { migrateAuthDatabase, revertAuthDatabase } from './migrate-auth-database';

const MIGRATION_NAMES = AUTH_MIGRATIONS.map((migration) => migration.name);

/** The directory's own tables; later migrations (SCIM, policies, sign-in) add more. */
const TABLES = [
  'group_members',
  'group_role_mappings',
  'groups',
  'outbox',
  'refresh_tokens',
  'roles',
  'service_account_keys',
  'service_accounts',
  'sessions',
  'signing_keys',
  'users',
];

describe('auth migrations', () => {
  let db: AuthTestDatabase;

  beforeAll(async () => {
    db = await createAuthTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await db.drop();
  });

  async function tablesInSchema(): Promise<string[]> {
    const rows: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = $1 AND table_name <> 'typeorm_migrations' ORDER BY table_name`,
      [db.schema],
    );
    return rows.map((row) => row.table_name);
  }

  it('runs up on an empty schema, down to nothing, and up again', async () => {
    expect(await migrateAuthDatabase(db.dataSource)).toEqual(MIGRATION_NAMES);
    const tables = await tablesInSchema();
    expect(tables).toEqual(expect.arrayContaining(TABLES));
    expect(await migrateAuthDatabase(db.dataSource)).toEqual([]);

    expect(await revertAuthDatabase(db.dataSource)).toBe(MIGRATION_NAMES.length);
    expect(await tablesInSchema()).toEqual([]);

    expect(await migrateAuthDatabase(db.dataSource)).toEqual(MIGRATION_NAMES);
    expect(await tablesInSchema()).toEqual(tables);
  });

  it('keeps the tables and the migrations table in its own schema, none in public', async () => {
    const own: unknown[] = await db.dataSource.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'typeorm_migrations'`,
      [db.schema],
    );
    expect(own).toHaveLength(1);
    const rows: { count: string }[] = await db.dataSource.query(
      `SELECT count(*) AS count FROM information_schema.tables
       WHERE table_schema = 'public' AND table_name = ANY($1::text[])`,
      [TABLES],
    );
    expect(Number(rows[0]?.count)).toBe(0);
  });

  it('enforces case-insensitive unique emails and stores only hashes for refresh tokens', async () => {
    const now = new Date();
    await db.dataSource.query(
      `INSERT INTO users (id, org_id, email, created_at, updated_at) VALUES ('usr_a', 'org', 'Ann@Example.com', $1, $1)`,
      [now],
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO users (id, org_id, email, created_at, updated_at) VALUES ('usr_b', 'org', 'ann@example.COM', $1, $1)`,
        [now],
      ),
    ).rejects.toThrow(/users_org_email_key/);
    await db.dataSource.query(
      `INSERT INTO sessions (id, user_id, org_id, created_at, absolute_expires_at, client_surface) VALUES ('ses_a', 'usr_a', 'org', $1, $1, 'cli')`,
      [now],
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) VALUES ('rt_a', 'ses_a', 'gh_rt_plaintext', $1, $1)`,
        [now],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
