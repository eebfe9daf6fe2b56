import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { resolveServerConfig, type DevIdpCliFlags } from './options';
import { READY_EVENT } from './ready-line';
import { startDevIdpServer } from './server';

// CLI: `npx nx run dev-idp:serve`, or `node -r @swc-node/register tools/dev-idp/src/main.ts --port 4200`.
// Prints one JSON line `{"event":"dev-idp.ready",...}` on stdout when discovery answers; logs go to stderr.
async function main(): Promise<void> {
  const flags = new Command('dev-idp')
    .description('Local OpenID Connect provider with seeded users, for development and tests only')
    .option(
      '--port <port>',
      'port to listen on (DEV_IDP_PORT, default 4200; 0 picks a free one)',
      Number,
    )
    .option('--host <host>', 'address to bind; the issuer is http://<host>:<port> (DEV_IDP_HOST)')
    .option(
      '--config <file>',
      'JSON config: users, clients, extraRedirectUris, faults (DEV_IDP_CONFIG_FILE)',
    )
    .option('--users <file>', 'JSON user list replacing the seed (DEV_IDP_USERS_FILE)')
    .option('--clients <file>', 'JSON client list replacing gatehouse-dev (DEV_IDP_CLIENTS_FILE)')
    .option(
      '--redirect-uri <uri...>',
      'extra redirect URIs for gatehouse-dev (DEV_IDP_EXTRA_REDIRECT_URIS)',
    )
    .option(
      '--drop-groups',
      'leave the groups claim out of tokens and userinfo (DEV_IDP_DROP_GROUPS=1)',
    )
    .option(
      '--keys-dir <dir>',
      'where the signing key persists (DEV_IDP_KEYS_DIR, default .gatehouse/dev-idp)',
    )
    .option('--no-persist-keys', 'generate a fresh signing key that lives only in memory')
    .parse()
    .opts<DevIdpCliFlags>();
  const config = resolveServerConfig({
    flags,
    env: process.env,
    readJson: (file) => JSON.parse(readFileSync(file, 'utf8')) as unknown,
  });
  const log = (event: Record<string, unknown>): void => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  };
  const idp = await startDevIdpServer(config, log);
  process.stdout.write(
    `${JSON.stringify({ event: READY_EVENT, issuer: idp.issuer, port: idp.port, pid: process.pid })}\n`,
  );
  const stop = (): void => {
    idp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by startDevIdp with an IPC channel: exit with the parent even when it is killed hard,
  // so a crashed test run never leaves an IdP holding the port.
  if (process.send) process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev-idp failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
