import { ServiceProcess } from '@gatehouse/service-kit';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../support/repo-root';

export interface RunningService {
  readonly url: string;
  readonly process: ServiceProcess;
}

/** Starts an app's `main.ts` with only the given environment and waits until `/readyz` says ready. */
export async function startService(entry: string, port: number, env: Record<string, string>): Promise<RunningService> {
  const service = ServiceProcess.start({
    entry,
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await service.waitForHttp(`${url}/readyz`, { timeoutMs: 90_000 });
  } catch (error) {
    await service.stop(5_000).catch(() => undefined);
    throw new Error(`${entry} did not become ready: ${(error as Error).message}\n${service.stdout}\n${service.stderr}`);
  }
  return { url, process: service };
}

export interface ProxyReplicaOptions {
  readonly dir: string;
  readonly port: number;
  readonly simulatorUrl: string;
  readonly authServiceUrl: string;
  /** The gateway's public URL: the auth service's issuer. */
  readonly issuer: string;
  readonly kafkaBrokers: string;
  readonly usageTopic: string;
}

/**
 * One proxy replica as deployed: routes to the simulator, the auth service behind its edge routes,
 * and no JWKS URL or file, so every signing key it trusts came from the signing-key topic.
 */
export async function startProxyReplica(options: ProxyReplicaOptions): Promise<RunningService> {
  await mkdir(options.dir, { recursive: true });
  const routesFile = path.join(options.dir, 'routes.json');
  await writeFile(
    routesFile,
    JSON.stringify({
      endpoints: [{ id: 'simulator', provider: 'anthropic', baseUrl: options.simulatorUrl, apiKeyEnv: 'SIMULATOR_KEY' }],
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
    SIMULATOR_KEY: 'simulator-key',
    PROXY_ACCESS_LOG: 'false',
  });
}
