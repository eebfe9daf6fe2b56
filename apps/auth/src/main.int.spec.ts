import { ServiceProcess, freePort } from '@gatehouse/service-kit';

describe('auth service process', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop(5_000).catch(() => undefined);
  });

  it('is ready when Kafka and PostgreSQL answer and the directory has migrated, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    service = ServiceProcess.start({
      entry: 'apps/auth/src/main.ts',
      env: { PATH: process.env.PATH, KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL, PORT: String(port) },
    });
    const response = await service.waitForHttp(`http://127.0.0.1:${port}/readyz`);
    const report = (await response.json()) as { checks: { name: string; ok: boolean }[] };
    expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
      ['kafka', true],
      ['postgres', true],
      ['directory', true],
    ]);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });
});
