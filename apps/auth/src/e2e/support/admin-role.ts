import { createAuthDataSource } from '../../database/auth-data-source';
import { UserEntity } from '../../directory/entities/user.entity';
import { createAuthDirectory } from '../../directory/auth-directory';

export interface AdminGroupMapping {
  /** The auth service's database (its `auth` schema, migrated by the service at start). */
  readonly databaseUrl: string;
  readonly orgId: string;
  /** IdP group whose members become policy admins, e.g. `platform-admins`. */
  readonly idpGroup: string;
  readonly role: string;
}

/**
 * Makes an IdP group's members admins the way an operator does: a role and a group→role mapping
 * in the directory (which writes its `identity.role_mapping_changed` event). Whoever signs in
 * from that group afterwards gets the role in their access token.
 */
export async function mapIdpGroupToRole(mapping: AdminGroupMapping): Promise<void> {
  const dataSource = createAuthDataSource({
    url: mapping.databaseUrl,
    poolSize: 2,
    applicationName: 'gatehouse-e2e',
  });
  await dataSource.initialize();
  try {
    const directory = createAuthDirectory({ dataSource });
    await directory.roleMappings.createRole({ name: mapping.role });
    await directory.roleMappings.createMapping({
      orgId: mapping.orgId,
      idpGroup: mapping.idpGroup,
      roleName: mapping.role,
      priority: 10,
      actor: { type: 'system', id: 'claude-code-login-e2e', email: null },
    });
  } finally {
    await dataSource.destroy();
  }
}

/** The directory's id for the user with this email (undefined before their first sign-in). */
export async function directoryUserId(databaseUrl: string, email: string): Promise<string | undefined> {
  const dataSource = createAuthDataSource({ url: databaseUrl, poolSize: 1, applicationName: 'gatehouse-e2e' });
  await dataSource.initialize();
  try {
    const user = await dataSource.getRepository(UserEntity).findOneBy({ email });
    return user?.id;
  } finally {
    await dataSource.destroy();
  }
}
