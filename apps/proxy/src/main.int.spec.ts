import { TestTokenSigner } from '@gatehouse/access-token';
import { ServiceProcess, freePort } from '@gatehouse/service-kit';
import { SCHED_IDLE, SCHED_OTHER, threadPolicy } from '@gatehouse/testing';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELPER_THREAD_NICE } from './runtime/helper-thread-scheduling';
import { probeIdleScheduling } from './runtime/thread-scheduling';

const CANARY = 'sk-ant-secret-canary-7f3e9a1c5b2d';

describe('proxy service process', () => {
  let service: ServiceProcess | undefined;
  const signerDir = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-main-'));

  afterEach(async () => {
    await service?.stop(5_000).catch(() => undefined);
  });

  afterAll(() => rmSync(signerDir, { recursive: true, force: true }));

  /** Starts the proxy with the dev signer's keys and a journal of its own; resolves once it is ready. */
  async function startProxy(
    env: Record<string, string>,
  ): Promise<{ service: ServiceProcess; port: number }> {
    const port = await freePort();
    await TestTokenSigner.loadOrCreate(signerDir);
    const started = ServiceProcess.start({
      entry: 'apps/proxy/src/main.ts',
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        PORT: String(port),
        UPSTREAM_ANTHROPIC_API_KEY: CANARY,
        GATEHOUSE_JWKS_FILE: join(signerDir, 'jwks.json'),
        USAGE_JOURNAL_DIR: mkdtempSync(join(signerDir, 'journal-')),
        ...env,
      },
    });
    service = started;
    await started.waitForHttp(`http://127.0.0.1:${port}/readyz`);
    return { service: started, port };
  }

  it('logs its configuration at debug level without ever printing the upstream API key', async () => {
    const { service: proxy, port } = await startProxy({ LOG_LEVEL: 'debug' });
    // Exercise a few code paths that log: an unknown route, metrics, then shutdown.
    await fetch(`http://127.0.0.1:${port}/v1/nothing-here`, {
      headers: { 'x-api-key': CANARY, authorization: `Bearer ${CANARY}` },
    });
    await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(await proxy.stop()).toEqual({ code: 0, signal: null });

    const output = proxy.stdout + proxy.stderr;
    expect(output).toContain('"msg":"configuration loaded"');
    expect(output).toContain('"UPSTREAM_ANTHROPIC_API_KEY":"[redacted]"');
    expect(output).toContain('"level":"debug"');
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain('canary');
  });

  const onLinux = process.platform === 'linux' ? it : it.skip;
  onLinux(
    "with HELPER_THREAD_SCHEDULING=adaptive, idles Node's helper threads and never the request thread",
    async () => {
      const support = await probeIdleScheduling(HELPER_THREAD_NICE);
      const { service: proxy } = await startProxy({ HELPER_THREAD_SCHEDULING: 'adaptive' });
      const pid = proxy.pid as number;
      const policies = readdirSync(`/proc/${pid}/task`).map((tid) => ({
        tid: Number(tid),
        policy: threadPolicy(tid, pid),
      }));
      expect(policies.find(({ tid }) => tid === pid)?.policy).toBe(SCHED_OTHER);
      if (support.ok) {
        // V8's four platform workers at least, besides the usage worker (idle on its own account).
        expect(
          policies.filter(({ policy }) => policy === SCHED_IDLE).length,
        ).toBeGreaterThanOrEqual(5);
      } else {
        expect(proxy.stdout).toContain('Node helper threads keep normal scheduling at nice 5');
      }
      expect(await proxy.stop()).toEqual({ code: 0, signal: null });
    },
  );
});
