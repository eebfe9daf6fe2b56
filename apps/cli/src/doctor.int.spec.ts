import { ServiceProcess, freePort } from '@gatehouse/service-kit';

function runCli(args: string[], env: NodeJS.ProcessEnv): ServiceProcess {
  return ServiceProcess.start({
    entry: 'apps/cli/src/main.ts',
    args,
    env: { PATH: process.env.PATH, ...env },
  });
}

describe('gatehouse doctor against a running service', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop(5_000).catch(() => undefined);
  });

  it('reports a ready gateway with exit code 0, and a missing one with exit code 1', async () => {
    const port = await freePort();
    // Any Gatehouse service answers /healthz and /readyz the same way; budget needs the least setup.
    service = ServiceProcess.start({
      entry: 'apps/budget/src/main.ts',
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        DATABASE_URL: process.env.DATABASE_URL,
        PORT: String(port),
      },
    });
    await service.waitForHttp(`http://127.0.0.1:${port}/readyz`);

    const doctor = runCli(['doctor'], { GATEHOUSE_URL: `http://127.0.0.1:${port}` });
    expect(await doctor.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(doctor.stdout).toContain('✔ /readyz');
    expect(doctor.stdout).toContain('✔ kafka');
    expect(doctor.stdout).toContain('All good.');

    const closed = await freePort();
    const missing = runCli(['doctor', '--url', `http://127.0.0.1:${closed}`], {});
    expect(await missing.waitForExit(15_000)).toEqual({ code: 1, signal: null });
    expect(missing.stdout).toContain('✖ /healthz no answer: ECONNREFUSED');
  });
});
