import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Authorization requests in flight to the IdP (apps/auth/src/login/login-transaction.entity.ts). */
export class CreateLoginTransactions1767657600000 implements MigrationInterface {
  name = 'CreateLoginTransactions1767657600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE login_transactions (
      state_hash text PRIMARY KEY,
      browser_binding_hash text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      purpose jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
    await queryRunner.query(
      `CREATE INDEX login_transactions_expires_idx ON login_transactions (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS login_transactions');
  }
}
