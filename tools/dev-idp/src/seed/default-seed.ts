import { parseUsers, type DevIdpClient, type DevIdpUser } from './seed-schema';
import seedUsers from './users.json';

/** The auth service's callback when it runs with its defaults (see apps/auth). */
export const DEFAULT_AUTH_CALLBACK = 'http://127.0.0.1:4001/auth/callback';
export const DEFAULT_CLIENT_ID = 'gatehouse-dev';
/** Development only: documented in tools/dev-idp/README.md and docs/idp-setup.md. */
export const DEFAULT_CLIENT_SECRET = 'dev-secret';

export function defaultUsers(): DevIdpUser[] {
  return parseUsers(seedUsers, 'tools/dev-idp/src/seed/users.json');
}

/** The one seeded relying party, Gatehouse's auth service, plus any redirect URIs a test or developer adds. */
export function defaultClients(extraRedirectUris: readonly string[] = []): DevIdpClient[] {
  return [
    {
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      redirect_uris: [
        DEFAULT_AUTH_CALLBACK,
        ...extraRedirectUris.filter((uri) => uri !== DEFAULT_AUTH_CALLBACK),
      ],
      post_logout_redirect_uris: [],
      grant_types: ['authorization_code', 'refresh_token'],
    },
  ];
}
