import { freePort, ServiceProcess } from '@gatehouse/service-kit';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './repo-root';

/** The routing file as docs/proxy.md describes it; the proxy validates it at start. */
export interface RoutingFile {
  readonly endpoints: ReadonlyArray<Record<string, unknown>>;
  readonly routes: ReadonlyArray<{
    readonly models: readonly string[];
    readonly upstreams: ReadonlyArray<{
      readonly endpoint: string;
      readonly upstreamModel?: string;
    }>;
  }>;
}

export interface GatewayProcessOptions {
  /** Private folder of this proxy: routing file and usage journal. */
  readonly dir: string;
  readonly routing: RoutingFile;
  readonly kafkaBrokers: readonly string[];
  readonly usageTopic: string;
  /** The dev signer's public key set, which the proxy trusts for caller tokens. */
  readonly jwksFile: string;
  /** Upstream secrets the routing file names by variable, and any tuning. */
  readonly env: Record<string, string>;
}

export interface GatewayProcess {
  readonly url: string;
  readonly process: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real proxy (`apps/proxy/src/main.ts`) as its own process, the way it is deployed:
 * configuration only through the environment and the routing file. Resolves once `/readyz`
 * answers; a proxy that fails to start rejects with its output, so the cause is in the test log.
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  await mkdir(options.dir, { recursive: true });
  const routesFile = path.join(options.dir, 'routes.json');
  await writeFile(routesFile, JSON.stringify(options.routing, null, 2));
  const port = await freePort();
  const proxy = ServiceProcess.start({
    entry: 'apps/proxy/src/main.ts',
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      USAGE_TOPIC: options.usageTopic,
      USAGE_JOURNAL_DIR: path.join(options.dir, 'journal'),
      GATEHOUSE_ROUTES_FILE: routesFile,
      GATEHOUSE_JWKS_FILE: options.jwksFile,
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await proxy.waitForHttp(`${url}/readyz`, { timeoutMs: 60_000 });
  } catch (error) {
    await proxy.stop(5_000).catch(() => undefined);
    throw error;
  }
  return {
    url,
    process: proxy,
    stop: async () => {
      const exit = await proxy.stop(10_000);
      if (exit.code !== 0 && exit.signal !== 'SIGTERM') {
        throw new Error(`proxy exited with ${exit.code ?? exit.signal}\n${proxy.stderr}`);
      }
    },
  };
}
