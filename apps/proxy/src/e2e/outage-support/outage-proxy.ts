import { TestTokenSigner } from '@gatehouse/access-token';
import { freePort, ServiceProcess } from '@gatehouse/service-kit';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OutageProxyOptions {
  /** The private broker's address; the shared stack broker must never be stopped by a test. */
  readonly kafkaBrokers: readonly string[];
  readonly usageTopic: string;
}

export interface JournalFiles {
  readonly segments: number;
  readonly bytes: number;
}

export interface OutageProxy {
  readonly proxyUrl: string;
  readonly signer: TestTokenSigner;
  readonly proxy: ServiceProcess;
  /** Segment files in the proxy's private journal directory right now. */
  journalFiles(): JournalFiles;
  /** Stops both processes and deletes the temporary directory; safe after a failed start. */
  stop(): Promise<void>;
}

const MOCK_ENTRY = 'tools/mock-upstream/src/main.ts';
const PROXY_ENTRY = 'apps/proxy/src/main.ts';

/**
 * The real proxy process with the simulator (a separate process, unpaced, so the upstream is
 * never the bottleneck) as its only upstream, a dev-signer JWKS and a journal directory of its own.
 */
export async function startOutageProxy(options: OutageProxyOptions): Promise<OutageProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-outage-'));
  const journalDir = join(dir, 'journal');
  const processes: ServiceProcess[] = [];
  const stop = async (): Promise<void> => {
    // The proxy first, so its shutdown drain does not meet a vanished upstream.
    for (const child of [...processes].reverse()) await child.stop(10_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const signer = await TestTokenSigner.loadOrCreate(join(dir, 'signer'));
    const mockPort = await freePort();
    const mock = ServiceProcess.start({
      entry: MOCK_ENTRY,
      args: ['--port', String(mockPort), '--host', '127.0.0.1'],
      env: { PATH: process.env.PATH },
    });
    processes.push(mock);
    await mock.waitForHttp(`http://127.0.0.1:${mockPort}/_mock/health`);

    const port = await freePort();
    const proxy = ServiceProcess.start({
      entry: PROXY_ENTRY,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        // Warn level keeps the journal's own outage lines (kafka unavailable, replayed) in the output.
        LOG_LEVEL: 'warn',
        PROXY_ACCESS_LOG: 'false',
        KAFKA_BROKERS: options.kafkaBrokers.join(','),
        USAGE_TOPIC: options.usageTopic,
        USAGE_JOURNAL_DIR: journalDir,
        UPSTREAM_ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`,
        UPSTREAM_ANTHROPIC_API_KEY: 'mock-upstream-key',
        GATEHOUSE_JWKS_FILE: join(dir, 'signer', 'jwks.json'),
      },
    });
    processes.push(proxy);
    const proxyUrl = `http://127.0.0.1:${port}`;
    await proxy.waitForHttp(`${proxyUrl}/readyz`, { timeoutMs: 45_000 });
    return { proxyUrl, signer, proxy, journalFiles: () => journalFiles(journalDir), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function journalFiles(dir: string): JournalFiles {
  const segments = readdirSync(dir).filter((name) => /^segment-\d+\.log$/.test(name));
  // A replayed segment can be deleted between the listing and the stat; it then holds nothing.
  const size = (name: string): number =>
    statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0;
  return { segments: segments.length, bytes: segments.reduce((sum, name) => sum + size(name), 0) };
}
