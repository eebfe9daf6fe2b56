import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SCIM attributes a user's IdP pushes that the directory itself does not model: the IdP's
 * `userName` (which may differ from the email, e.g. Entra's userPrincipalName), its
 * `externalId` and the name parts. One row per user the IdP provisioned or matched; deleting a
 * user deletes the row, so no personal data outlives the user (docs/adr/0012, 0016).
 */
export class CreateScimAttributes1767312000000 implements MigrationInterface {
  name = 'CreateScimAttributes1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS scim_users');
  }
}

const UP = [
  `CREATE TABLE scim_users (
    user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    org_id text NOT NULL,
    user_name text NOT NULL,
    external_id text NULL,
    given_name text NULL,
    family_name text NULL
  )`,
  // userName is case-insensitive in SCIM (RFC 7643 §4.1.1) and unique within the tenant.
  `CREATE UNIQUE INDEX scim_users_org_user_name_key ON scim_users (org_id, lower(user_name))`,
  `CREATE INDEX scim_users_org_external_id_idx ON scim_users (org_id, external_id) WHERE external_id IS NOT NULL`,
];
