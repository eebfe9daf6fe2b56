import { ServiceProcess, freePort } from './service-process';

const ENTRY = 'libs/service-kit/src/test-fixtures/slow-service.ts';

describe('graceful shutdown of a service process', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop(5_000).catch(() => undefined);
  });

  it('finishes the in-flight request, refuses new work, runs hooks, then exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    service = ServiceProcess.start({
      entry: ENTRY,
      env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' },
    });
    await service.waitForHttp(`${base}/readyz`);

    const inFlight = fetch(`${base}/slow?ms=1500`);
    const deadline = Date.now() + 5_000;
    while (!service.stdout.includes('slow request started') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(service.stdout).toContain('slow request started');

    const signalledAt = Date.now();
    service.signal('SIGTERM');
    // A new request must not be taken: either the port is closed or the service answers 503.
    await new Promise((r) => setTimeout(r, 200));
    const afterSignal = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(afterSignal);

    const response = await inFlight;
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ waitedMs: 1500 });

    const exit = await service.waitForExit(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1_000);
    const out = service.stdout;
    expect(out.indexOf('"msg":"shutting down"')).toBeGreaterThan(-1);
    expect(out.indexOf('fixture shutdown hook ran')).toBeGreaterThan(
      out.indexOf('"msg":"shutting down"'),
    );
    expect(out).toContain('"msg":"shutdown complete"');
  });
});
