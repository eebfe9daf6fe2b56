import { CliError } from '../cli-error';
import type { CliIo } from '../cli-io';
import type { CredentialContext } from '../credentials/credential-context';
import type { StoredCredentials } from '../credentials/stored-credentials';
import { discoverEndpoints } from '../oauth/authorization-server';
import { revokeToken } from '../oauth/revoke-token';

/**
 * `gatehouse logout`: revokes the access and refresh tokens (RFC 7009, best effort) and deletes
 * the stored credentials whatever the server said.
 */
export async function runLogout(io: CliIo, context: CredentialContext): Promise<void> {
  let stored: StoredCredentials | undefined;
  try {
    stored = await context.store.load();
  } catch (error) {
    // An unreadable or over-exposed file is exactly what logout should get rid of.
    if (!(error instanceof CliError)) throw error;
  }
  if (stored === undefined) {
    await context.store.clear();
    io.out('Not logged in.');
    return;
  }
  const endpoint =
    stored.revocationEndpoint ?? (await revocationFromMetadata(context, stored.authUrl));
  let confirmed = false;
  if (endpoint !== undefined) {
    const accessRevoked = await revokeToken(
      context.transport,
      endpoint,
      stored.accessToken,
      'access_token',
    );
    const refreshRevoked =
      stored.refreshToken === undefined
        ? true
        : await revokeToken(context.transport, endpoint, stored.refreshToken, 'refresh_token');
    confirmed = accessRevoked && refreshRevoked;
  }
  await context.store.clear();
  io.out(`Logged out of ${stored.gatewayUrl}.`);
  if (!confirmed) {
    io.err(
      endpoint === undefined
        ? 'The server offers no revocation endpoint; the session ends when its tokens expire.'
        : 'The server did not confirm the revocation; the session ends when its tokens expire or an admin revokes it.',
    );
  }
}

/** A login from before the server advertised revocation reads the metadata again, as Claude Code does. */
async function revocationFromMetadata(
  context: CredentialContext,
  authUrl: string,
): Promise<string | undefined> {
  try {
    return (await discoverEndpoints(context.transport, authUrl)).revocation;
  } catch {
    return undefined;
  }
}
