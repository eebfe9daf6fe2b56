import { TestTokenSigner } from '@gatehouse/access-token';
import { ServiceProcess, freePort } from '@gatehouse/service-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANARY = 'sk-ant-secret-canary-7f3e9a1c5b2d';

describe('proxy service process', () => {
  let service: ServiceProcess | undefined;
  const signerDir = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-main-'));

  afterEach(async () => {
    await service?.stop(5_000).catch(() => undefined);
  });

  afterAll(() => rmSync(signerDir, { recursive: true, force: true }));

  it('logs its configuration at debug level without ever printing the upstream API key', async () => {
    const port = await freePort();
    await TestTokenSigner.loadOrCreate(signerDir);
    service = ServiceProcess.start({
      entry: 'apps/proxy/src/main.ts',
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        PORT: String(port),
        LOG_LEVEL: 'debug',
        UPSTREAM_ANTHROPIC_API_KEY: CANARY,
        GATEHOUSE_JWKS_FILE: join(signerDir, 'jwks.json'),
        USAGE_JOURNAL_DIR: join(signerDir, 'journal'),
      },
    });
    await service.waitForHttp(`http://127.0.0.1:${port}/readyz`);
    // Exercise a few code paths that log: an unknown route, metrics, then shutdown.
    await fetch(`http://127.0.0.1:${port}/v1/nothing-here`, { headers: { 'x-api-key': CANARY, authorization: `Bearer ${CANARY}` } });
    await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(await service.stop()).toEqual({ code: 0, signal: null });

    const output = service.stdout + service.stderr;
    expect(output).toContain('"msg":"configuration loaded"');
    expect(output).toContain('"UPSTREAM_ANTHROPIC_API_KEY":"[redacted]"');
    expect(output).toContain('"level":"debug"');
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain('canary');
  });
});
