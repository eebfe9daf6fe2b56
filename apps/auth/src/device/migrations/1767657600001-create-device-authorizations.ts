import type { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 8628 device authorization requests (apps/auth/src/device/device-authorization.entity.ts). */
export class CreateDeviceAuthorizations1767657600001 implements MigrationInterface {
  name = 'CreateDeviceAuthorizations1767657600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE device_authorizations (
      id text PRIMARY KEY,
      device_code_hash text NOT NULL,
      user_code text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
      surface text NULL,
      client_ip text NOT NULL,
      user_agent text NULL,
      interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      last_polled_at timestamptz NULL,
      decided_at timestamptz NULL,
      user_id text NULL,
      org_id text NULL,
      email text NULL,
      session_lifetime_seconds integer NULL,
      idp_id text NULL,
      session_id text NULL,
      CHECK (status NOT IN ('approved', 'consumed') OR (user_id IS NOT NULL AND session_lifetime_seconds IS NOT NULL))
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX device_authorizations_device_code_key ON device_authorizations (device_code_hash)`,
    );
    // A user code names one request; rows are pruned soon after expiry, so codes free up again.
    await queryRunner.query(
      `CREATE UNIQUE INDEX device_authorizations_user_code_key ON device_authorizations (user_code)`,
    );
    await queryRunner.query(
      `CREATE INDEX device_authorizations_expires_idx ON device_authorizations (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS device_authorizations');
  }
}
