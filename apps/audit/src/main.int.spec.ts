import { ServiceProcess, freePort } from '@gatehouse/service-kit';

function stackEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    CLICKHOUSE_URL: process.env.CLICKHOUSE_URL,
    CLICKHOUSE_DATABASE: process.env.CLICKHOUSE_DATABASE,
    CLICKHOUSE_USER: process.env.CLICKHOUSE_USER,
    CLICKHOUSE_PASSWORD: process.env.CLICKHOUSE_PASSWORD,
  };
}

describe('audit service process', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop(5_000).catch(() => undefined);
  });

  it('is ready when Kafka and ClickHouse answer', async () => {
    const port = await freePort();
    service = ServiceProcess.start({
      entry: 'apps/audit/src/main.ts',
      env: { ...stackEnv(), PORT: String(port) },
    });
    const response = await service.waitForHttp(`http://127.0.0.1:${port}/readyz`);
    const report = (await response.json()) as { checks: { name: string; ok: boolean }[] };
    expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
      ['kafka', true],
      ['clickhouse', true],
      ['requests-ingestion', true],
    ]);
  });

  it('answers /readyz 503 naming clickhouse when its port is closed, and never logs the password', async () => {
    const port = await freePort();
    const closed = await freePort();
    const canary = 'ch-password-canary-4d1b8e';
    service = ServiceProcess.start({
      entry: 'apps/audit/src/main.ts',
      env: {
        ...stackEnv(),
        PORT: String(port),
        LOG_LEVEL: 'debug',
        CLICKHOUSE_URL: `http://127.0.0.1:${closed}`,
        CLICKHOUSE_PASSWORD: canary,
      },
    });
    const response = await service.waitForHttp(`http://127.0.0.1:${port}/readyz`, { status: 503 });
    const report = (await response.json()) as {
      checks: { name: string; ok: boolean; detail: string }[];
    };
    expect(report.checks.find((check) => check.name === 'clickhouse')).toMatchObject({ ok: false });
    expect(report.checks.find((check) => check.name === 'kafka')).toMatchObject({ ok: true });
    expect(report.checks.find((check) => check.name === 'requests-ingestion')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('starting:'),
    });
    await service.stop();
    expect(service.stdout).toContain('"CLICKHOUSE_PASSWORD":"[redacted]"');
    expect(service.stdout + service.stderr).not.toContain(canary);
    // kafkajs on Node 24 would print a non-JSON TimeoutNegativeWarning line; libs/kafka mutes it.
    expect(service.stderr).not.toContain('TimeoutNegativeWarning');
  });
});
