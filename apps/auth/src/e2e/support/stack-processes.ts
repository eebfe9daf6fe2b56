import { freePort, ServiceProcess } from '@gatehouse/service-kit';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './repo-root';

export interface RunningService {
  readonly url: string;
  readonly process: ServiceProcess;
}

const READY_TIMEOUT_MS = 90_000;

/** Starts an app's `main.ts` with only the given environment and waits for `/readyz`. */
export async function startService(
  entry: string,
  port: number,
  env: Record<string, string>,
): Promise<RunningService> {
  const service = ServiceProcess.start({
    entry,
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await service.waitForHttp(`${url}/readyz`, { timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await service.stop(5_000).catch(() => undefined);
    throw new Error(`${entry} did not become ready: ${(error as Error).message}`);
  }
  return { url, process: service };
}

/** `tools/mock-upstream` (the Anthropic API simulator) on loopback. */
export async function startSimulator(apiKey: string): Promise<RunningService> {
  const port = await freePort();
  const simulator = ServiceProcess.start({
    entry: 'tools/mock-upstream/src/main.ts',
    args: ['--port', String(port), '--host', '127.0.0.1'],
    cwd: REPO_ROOT,
    // Fast pacing keeps each model turn well under a second while replies still stream.
    env: { PATH: process.env.PATH, MOCK_API_KEY: apiKey, MOCK_TOKENS_PER_SEC: '5000' },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await simulator.waitForHttp(`${url}/_mock/health`, { timeoutMs: READY_TIMEOUT_MS });
  } catch (error) {
    await simulator.stop(5_000).catch(() => undefined);
    throw error;
  }
  return { url, process: simulator };
}

export interface GatewayOptions {
  readonly dir: string;
  readonly port: number;
  readonly simulator: RunningService;
  readonly simulatorKey: string;
  readonly authServiceUrl: string;
  /** The gateway's public URL, which is also the auth service's token issuer. */
  readonly issuer: string;
  readonly kafkaBrokers: string;
  readonly usageTopic: string;
}

/**
 * The proxy as deployed: every Claude model routed to the simulator, the auth service behind its
 * edge routes (one base URL for sign-in, settings and inference), and no JWKS URL or file, so
 * every signing key it trusts came from the auth service's signing-key topic.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  await mkdir(options.dir, { recursive: true });
  const routesFile = path.join(options.dir, 'routes.json');
  await writeFile(
    routesFile,
    JSON.stringify({
      endpoints: [
        { id: 'simulator', provider: 'anthropic', baseUrl: options.simulator.url, apiKeyEnv: 'SIMULATOR_KEY' },
      ],
      routes: [{ models: ['claude-*'], upstreams: [{ endpoint: 'simulator' }] }],
    }),
  );
  return startService('apps/proxy/src/main.ts', options.port, {
    KAFKA_BROKERS: options.kafkaBrokers,
    USAGE_TOPIC: options.usageTopic,
    USAGE_JOURNAL_DIR: path.join(options.dir, 'journal'),
    GATEHOUSE_ROUTES_FILE: routesFile,
    GATEHOUSE_TOKEN_ISSUER: options.issuer,
    AUTH_SERVICE_URL: options.authServiceUrl,
    SIMULATOR_KEY: options.simulatorKey,
  });
}
