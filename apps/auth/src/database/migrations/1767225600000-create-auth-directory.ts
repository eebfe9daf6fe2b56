import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auth directory and its outbox. Table names are unqualified: the DataSource sets the
 * connection's search_path to the auth schema, so the same migration builds `auth` in production
 * and a throwaway `auth_it_<random>` schema in each integration test.
 */
export class CreateAuthDirectory1767225600000 implements MigrationInterface {
  name = 'CreateAuthDirectory1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of DROP_ORDER) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

const UP = [
  `CREATE TABLE users (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    team_id text NULL,
    issuer text NULL,
    external_subject text NULL,
    email text NULL,
    display_name text NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated', 'deleted')),
    revision integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deactivated_at timestamptz NULL,
    CHECK ((issuer IS NULL) = (external_subject IS NULL))
  )`,
  // One Gatehouse user per IdP subject; deleted users keep the pair so the subject cannot be
  // silently provisioned again.
  `CREATE UNIQUE INDEX users_issuer_subject_key ON users (issuer, external_subject) WHERE external_subject IS NOT NULL`,
  // Emails compare case-insensitively; erased (deleted) users have none.
  `CREATE UNIQUE INDEX users_org_email_key ON users (org_id, lower(email)) WHERE email IS NOT NULL`,
  `CREATE TABLE groups (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    external_id text NOT NULL,
    display_name text NOT NULL,
    source text NOT NULL CHECK (source IN ('idp', 'scim')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE UNIQUE INDEX groups_org_source_external_key ON groups (org_id, source, external_id)`,
  `CREATE INDEX groups_org_display_name_idx ON groups (org_id, display_name)`,
  `CREATE TABLE group_members (
    group_id text NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
  )`,
  `CREATE INDEX group_members_user_idx ON group_members (user_id)`,
  `CREATE TABLE roles (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    session_lifetime_seconds integer NOT NULL DEFAULT 43200 CHECK (session_lifetime_seconds > 0),
    created_at timestamptz NOT NULL
  )`,
  `CREATE TABLE group_role_mappings (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    idp_group text NOT NULL,
    role_id text NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    priority integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE UNIQUE INDEX group_role_mappings_group_role_key ON group_role_mappings (org_id, idp_group, role_id)`,
  `CREATE INDEX group_role_mappings_priority_idx ON group_role_mappings (org_id, priority, id)`,
  `CREATE TABLE sessions (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id text NOT NULL,
    created_at timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    last_refreshed_at timestamptz NULL,
    revoked_at timestamptz NULL,
    revoke_reason text NULL,
    client_surface text NOT NULL,
    user_agent text NULL,
    ip inet NULL,
    CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
  )`,
  `CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE revoked_at IS NULL`,
  `CREATE TABLE refresh_tokens (
    id text PRIMARY KEY,
    session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    parent_id text NULL REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^sha256:[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz NULL,
    revoked_at timestamptz NULL
  )`,
  `CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`,
  `CREATE TABLE service_accounts (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_team_id text NULL,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`,
  `CREATE UNIQUE INDEX service_accounts_org_name_key ON service_accounts (org_id, name)`,
  `CREATE TABLE service_account_keys (
    id text PRIMARY KEY,
    service_account_id text NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
    key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^sha256:[0-9a-f]{64}$'),
    key_prefix text NOT NULL,
    scopes text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NULL,
    revoked_at timestamptz NULL,
    last_used_at timestamptz NULL,
    rotated_from_key_id text NULL REFERENCES service_account_keys (id) ON DELETE SET NULL
  )`,
  `CREATE INDEX service_account_keys_account_idx ON service_account_keys (service_account_id)`,
  `CREATE INDEX service_account_keys_expiry_idx ON service_account_keys (expires_at) WHERE revoked_at IS NULL AND expires_at IS NOT NULL`,
  `CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    alg text NOT NULL CHECK (alg IN ('ES256', 'EdDSA', 'RS256')),
    public_jwk jsonb NOT NULL,
    private_key_encrypted text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'retiring', 'revoked')),
    not_before timestamptz NOT NULL,
    not_after timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (not_before < not_after)
  )`,
  `CREATE INDEX signing_keys_status_idx ON signing_keys (status, not_after)`,
  `CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    topic text NOT NULL,
    key text NOT NULL,
    payload jsonb NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz NULL
  )`,
  // The relay's two queries: the oldest unpublished rows, and "is an earlier row of this key
  // still unpublished" (per-key ordering across replicas).
  `CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`,
  `CREATE INDEX outbox_unpublished_key_idx ON outbox (topic, key, id) WHERE published_at IS NULL`,
  `CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
];

const DROP_ORDER = [
  'outbox',
  'signing_keys',
  'service_account_keys',
  'service_accounts',
  'refresh_tokens',
  'sessions',
  'group_role_mappings',
  'roles',
  'group_members',
  'groups',
  'users',
];
