import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Managed Claude Code settings policies and their immutable versions (docs/adr/0015). Names are
 * unqualified like every auth migration: the connection's search_path selects the schema.
 */
export class CreateManagedSettingsPolicies1767571200000 implements MigrationInterface {
  name = 'CreateManagedSettingsPolicies1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS managed_settings_policy_versions');
    await queryRunner.query('DROP FUNCTION IF EXISTS managed_settings_versions_immutable()');
    await queryRunner.query('DROP TABLE IF EXISTS managed_settings_policies');
  }
}

const UP = [
  `CREATE TABLE managed_settings_policies (
    id text PRIMARY KEY,
    org_id text NOT NULL UNIQUE,
    current_version integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE TABLE managed_settings_policy_versions (
    policy_id text NOT NULL REFERENCES managed_settings_policies (id) ON DELETE RESTRICT,
    version integer NOT NULL CHECK (version > 0),
    document jsonb NOT NULL,
    checksum text NOT NULL CHECK (checksum ~ '^sha256:[0-9a-f]{64}$'),
    event_id text NOT NULL UNIQUE,
    published_by jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (policy_id, version)
  )`,
  // A published version is history that audits and rollbacks rely on; the database refuses to
  // rewrite it even for a buggy caller or a hand-typed statement.
  `CREATE FUNCTION managed_settings_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'managed settings policy versions are immutable';
  END
  $$`,
  `CREATE TRIGGER managed_settings_versions_immutable
    BEFORE UPDATE OR DELETE ON managed_settings_policy_versions
    FOR EACH ROW EXECUTE FUNCTION managed_settings_versions_immutable()`,
];
