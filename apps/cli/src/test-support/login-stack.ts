import { freePort, ServiceProcess } from '@gatehouse/service-kit';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The repository root: child processes resolve their entry points from it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const READY_TIMEOUT_MS = 90_000;

export interface RunningService {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts an app's `main.ts` with only `env` (plus PATH) and waits until `/readyz` answers 200. */
export async function startService(
  entry: string,
  env: Record<string, string>,
): Promise<RunningService> {
  const port = await freePort();
  const service = ServiceProcess.start({
    entry,
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await service.waitForHttp(`${url}/readyz`, { timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await service.stop(5_000).catch(() => undefined);
    throw new Error(
      `${entry} did not become ready: ${(error as Error).message}\n${service.stderr.slice(-2_000)}`,
    );
  }
  return { url, stop: async () => void (await service.stop(10_000)) };
}

/** The Anthropic API simulator (tools/mock-upstream) on loopback. */
export async function startSimulator(apiKey: string): Promise<RunningService> {
  const port = await freePort();
  const simulator = ServiceProcess.start({
    entry: 'tools/mock-upstream/src/main.ts',
    args: ['--port', String(port), '--host', '127.0.0.1'],
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, MOCK_API_KEY: apiKey, MOCK_TOKENS_PER_SEC: '5000' },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await simulator.waitForHttp(`${url}/_mock/health`, { timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await simulator.stop(5_000).catch(() => undefined);
    throw error;
  }
  return { url, stop: async () => void (await simulator.stop(5_000)) };
}

export interface AuthServiceOptions {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Chosen before start: the IdP must know the callback URL, which contains it. */
  readonly port: number;
}

/** The auth service with OIDC sign-in against `issuer`: device flow and the CLI's browser flow. */
export async function startAuthService(options: AuthServiceOptions): Promise<RunningService> {
  const url = `http://127.0.0.1:${options.port}`;
  const service = ServiceProcess.start({
    entry: 'apps/auth/src/main.ts',
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.databaseUrl,
      KAFKA_BROKERS: options.kafkaBrokers,
      AUTH_PUBLIC_URL: url,
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      OIDC_ISSUER: options.issuer,
      OIDC_CLIENT_ID: options.clientId,
      OIDC_CLIENT_SECRET: options.clientSecret,
      OIDC_SCOPES: 'openid,email,profile,groups',
    },
  });
  try {
    await service.waitForHttp(`${url}/readyz`, { timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await service.stop(5_000).catch(() => undefined);
    throw new Error(
      `the auth service did not become ready: ${(error as Error).message}\n${service.stderr.slice(-2_000)}`,
    );
  }
  return { url, stop: async () => void (await service.stop(10_000)) };
}

export interface ProxyOptions {
  readonly dir: string;
  readonly simulatorUrl: string;
  readonly simulatorKey: string;
  readonly authUrl: string;
  readonly kafkaBrokers: string;
  readonly usageTopic: string;
}

/**
 * The proxy with every Claude model routed to the simulator, trusting the auth service's keys
 * through `GATEHOUSE_JWKS_URL` and its URL as the token issuer.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningService> {
  await mkdir(options.dir, { recursive: true });
  const routesFile = path.join(options.dir, 'routes.json');
  await writeFile(
    routesFile,
    JSON.stringify({
      endpoints: [
        {
          id: 'simulator',
          provider: 'anthropic',
          baseUrl: options.simulatorUrl,
          apiKeyEnv: 'SIMULATOR_KEY',
        },
      ],
      routes: [{ models: ['claude-*'], upstreams: [{ endpoint: 'simulator' }] }],
    }),
  );
  return startService('apps/proxy/src/main.ts', {
    KAFKA_BROKERS: options.kafkaBrokers,
    USAGE_TOPIC: options.usageTopic,
    USAGE_JOURNAL_DIR: path.join(options.dir, 'journal'),
    GATEHOUSE_ROUTES_FILE: routesFile,
    GATEHOUSE_JWKS_URL: `${options.authUrl}/.well-known/jwks.json`,
    GATEHOUSE_TOKEN_ISSUER: options.authUrl,
    AUTH_SERVICE_URL: options.authUrl,
    SIMULATOR_KEY: options.simulatorKey,
    PROXY_ACCESS_LOG: 'false',
  });
}
