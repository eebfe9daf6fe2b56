import { TestTokenSigner } from '@gatehouse/access-token';
import { freePort, ServiceProcess } from '@gatehouse/service-kit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts the real proxy process against mock upstream processes and the real Kafka, for the
 * proxy's integration tests. Upstreams: `healthy` (instant replies), `failing` (always 529) and
 * `slow` (paced stream, for client aborts) and `resetting` (drops the connection mid-stream).
 * Routes: `claude-haiku-4-5*` → failing then healthy, `claude-opus-4-5` → slow,
 * `claude-opus-4-1` → resetting, `claude-sonnet-4-5*` → healthy.
 */
export interface ProxyHarness {
  readonly proxyUrl: string;
  readonly healthyUrl: string;
  readonly failingUrl: string;
  readonly usageTopic: string;
  readonly signer: TestTokenSigner;
  readonly bodyLimitBytes: number;
  readonly proxy: ServiceProcess;
  stop(): Promise<void>;
}

export const MOCK_UPSTREAM_KEY = 'mock-upstream-key';
const MOCK_ENTRY = 'tools/mock-upstream/src/main.ts';

async function startMock(env: Record<string, string>): Promise<{ url: string; process: ServiceProcess }> {
  const port = await freePort();
  const mock = ServiceProcess.start({ entry: MOCK_ENTRY, args: ['--port', String(port)], env: { PATH: process.env.PATH, ...env } });
  const url = `http://127.0.0.1:${port}`;
  await mock.waitForHttp(`${url}/_mock/health`);
  return { url, process: mock };
}

export interface ProxyHarnessOptions {
  /** From `kafkaBrokersForTests()` (libs/testing, which only test files may import). */
  readonly kafkaBrokers: readonly string[];
  /** A throwaway topic, so the test reads only its own events. */
  readonly usageTopic: string;
  readonly extraEnv?: Record<string, string>;
}

export async function startProxyHarness(options: ProxyHarnessOptions): Promise<ProxyHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-int-'));
  const signer = await TestTokenSigner.loadOrCreate(join(dir, 'signer'));
  const [healthy, failing, slow, resetting] = await Promise.all([
    startMock({}),
    startMock({ MOCK_FAULT: '529' }),
    startMock({ MOCK_TOKENS_PER_SEC: '40', MOCK_OUTPUT_TOKENS: '400' }),
    startMock({ MOCK_FAULT: 'reset-mid-stream:3' }),
  ]);
  const mocks = [healthy, failing, slow, resetting];
  const endpoint = (id: string, baseUrl: string) => ({ id, provider: 'anthropic', baseUrl, apiKeyEnv: 'MOCK_UPSTREAM_KEY' });
  const routesFile = join(dir, 'routes.json');
  writeFileSync(
    routesFile,
    JSON.stringify({
      endpoints: [
        endpoint('healthy', healthy.url),
        endpoint('failing', failing.url),
        endpoint('slow', slow.url),
        endpoint('resetting', resetting.url),
      ],
      routes: [
        { models: ['claude-haiku-4-5*'], upstreams: [{ endpoint: 'failing' }, { endpoint: 'healthy' }] },
        { models: ['claude-opus-4-5'], upstreams: [{ endpoint: 'slow' }] },
        { models: ['claude-opus-4-1'], upstreams: [{ endpoint: 'resetting' }] },
        { models: ['claude-sonnet-4-5*'], upstreams: [{ endpoint: 'healthy' }] },
      ],
      models: [{ id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', createdAt: '2025-09-29T00:00:00Z' }],
    }),
  );
  const { usageTopic } = options;
  const bodyLimitBytes = 64 * 1024;
  const port = await freePort();
  const proxy = ServiceProcess.start({
    entry: 'apps/proxy/src/main.ts',
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      USAGE_TOPIC: usageTopic,
      USAGE_JOURNAL_DIR: join(dir, 'journal'),
      GATEHOUSE_ROUTES_FILE: routesFile,
      GATEHOUSE_JWKS_FILE: join(dir, 'signer', 'jwks.json'),
      MOCK_UPSTREAM_KEY,
      PROXY_BODY_LIMIT_BYTES: String(bodyLimitBytes),
      // Failover must not depend on the breaker opening; the breaker has its own unit tests.
      CIRCUIT_FAILURE_THRESHOLD: '1000',
      UPSTREAM_RETRY_AFTER_MAX_WAIT_MS: '0',
      ...options.extraEnv,
    },
  });
  const proxyUrl = `http://127.0.0.1:${port}`;
  try {
    await proxy.waitForHttp(`${proxyUrl}/readyz`);
  } catch (error) {
    await Promise.all(mocks.map((mock) => mock.process.stop(5_000).catch(() => undefined)));
    throw new Error(`proxy did not start: ${(error as Error).message}\n${proxy.stdout}\n${proxy.stderr}`);
  }
  return {
    proxyUrl,
    healthyUrl: healthy.url,
    failingUrl: failing.url,
    usageTopic,
    signer,
    bodyLimitBytes,
    proxy,
    stop: async () => {
      await proxy.stop(10_000).catch(() => undefined);
      await Promise.all(mocks.map((mock) => mock.process.stop(5_000).catch(() => undefined)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
