import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authorization codes of the CLI's browser sign-in (apps/auth/src/oauth/authorization-code-store.ts):
 * the code itself is never stored, only its SHA-256, next to the PKCE challenge and who approved.
 */
export class CreateAuthorizationCodes1767744000000 implements MigrationInterface {
  name = 'CreateAuthorizationCodes1767744000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE authorization_codes (
      code_hash text PRIMARY KEY,
      client_id text NOT NULL,
      redirect_uri text NOT NULL,
      code_challenge text NOT NULL,
      user_id text NOT NULL,
      org_id text NOT NULL,
      email text,
      session_lifetime_seconds integer NOT NULL,
      idp_id text,
      client_ip text NOT NULL,
      user_agent text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      session_id text
    )`);
    await queryRunner.query(
      'CREATE INDEX authorization_codes_expires_idx ON authorization_codes (expires_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS authorization_codes');
  }
}
