import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import Provider from 'oidc-provider';
import { DevIdpError, DevIdpErrorCode } from './errors';
import type { DevIdpFaults } from './faults';
import { moveBodySecretToBasic } from './http/client-auth';
import { handleControl } from './http/control-routes';
import { isFormPost, readBody } from './http/read-body';
import { handleInteraction, type InteractionDeps } from './interaction/interaction-routes';
import type { DevIdpServerConfig } from './options';
import { buildProviderConfiguration, INTERACTION_PATH } from './provider-config';
import { loadOrCreateSecrets } from './secrets';
import { UserDirectory } from './user-directory';

export interface RunningDevIdp {
  issuer: string;
  port: number;
  faults(): DevIdpFaults;
  setFaults(faults: DevIdpFaults): void;
  close(): Promise<void>;
}

export type DevIdpLog = (event: Record<string, unknown>) => void;

/**
 * Hands a token-style form post to oidc-provider with client credentials normalised. The body is
 * read here, so oidc-provider falls back to `req.body` (its documented path for pre-parsed bodies).
 */
async function forwardFormPost(
  app: (req: IncomingMessage, res: ServerResponse) => unknown,
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
): Promise<void> {
  const body = parseQuery(await readBody(req));
  const normalised = moveBodySecretToBasic({ authorization: req.headers.authorization, body });
  if (normalised.authorization !== undefined) req.headers.authorization = normalised.authorization;
  req.body = normalised.body;
  await app(req, res);
}

function listen(
  server: ReturnType<typeof createServer>,
  host: string,
  port: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DevIdpError(
          DevIdpErrorCode.StartFailed,
          `cannot listen on ${host}:${port}: ${error.code ?? error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the provider in this process. It loads oidc-provider, which is ESM-only: plain Node 24
 * `require()`s it fine, jest's CommonJS runtime cannot, so tests use `startDevIdp` (a child process).
 */
export async function startDevIdpServer(
  config: DevIdpServerConfig,
  log: DevIdpLog = () => undefined,
): Promise<RunningDevIdp> {
  let faults = config.faults;
  // Filled in once the provider exists; until then (a few ms after listen) requests get 503.
  const routes: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const server = createServer((req, res) => {
    if (!routes.handle) {
      res.writeHead(503).end();
      return;
    }
    routes.handle(req, res).catch((error: unknown) => {
      log({ event: 'dev-idp.request.failed', url: req.url, error: (error as Error).message });
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'text/plain' }).end('dev IdP error');
    });
  });
  // The issuer must be the URL clients use, so bind first: with port 0 only then is the port known.
  const port = await listen(server, config.host, config.port);
  const issuer = `http://${config.host}:${port}`;

  const secrets = loadOrCreateSecrets(config.keysDir);
  const directory = new UserDirectory(config.users);
  const provider = new Provider(
    issuer,
    buildProviderConfiguration({
      directory,
      clients: config.clients,
      secrets,
      faults: () => faults,
    }),
  );
  provider.on('server_error', (_ctx, error) =>
    log({ event: 'dev-idp.provider.server-error', error: error.message }),
  );
  const app = provider.callback();
  const interactionDeps: InteractionDeps = {
    provider,
    directory,
    faults: () => faults,
    csrfSecret: Buffer.from(secrets.csrfSecret),
    log,
  };
  const control = { get: () => faults, set: (next: DevIdpFaults) => (faults = next) };

  routes.handle = async (req, res) => {
    if (
      req.url?.startsWith(INTERACTION_PATH) &&
      (await handleInteraction(interactionDeps, req, res))
    )
      return;
    if (await handleControl(control, req, res)) return;
    if (isFormPost(req)) await forwardFormPost(app, req, res);
    else await app(req, res);
  };

  return {
    issuer,
    port,
    faults: () => faults,
    setFaults: (next) => {
      faults = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
