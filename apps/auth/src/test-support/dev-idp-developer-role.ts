import type { AuthDirectory } from '../directory/auth-directory';

/**
 * Creates the `developer` role (8-hour sessions) and maps the dev IdP's `engineering` group to it
 * in `orgId`, so the dev IdP's users (alice among them) may sign in.
 */
export async function mapDevIdpEngineeringToDeveloper(
  directory: AuthDirectory,
  orgId: string,
): Promise<void> {
  await directory.roleMappings.createRole({
    name: 'developer',
    sessionLifetimeSeconds: 8 * 3600,
  });
  await directory.roleMappings.createMapping({
    orgId,
    idpGroup: 'engineering',
    roleName: 'developer',
    priority: 10,
    actor: { type: 'system', id: 'it', email: null },
  });
}
