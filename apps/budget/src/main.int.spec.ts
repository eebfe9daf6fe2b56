import { ServiceProcess, freePort } from '@gatehouse/service-kit';

const ENTRY = 'apps/budget/src/main.ts';

/** The real stack's endpoints, loaded into process.env by the jest global setup. */
function stackEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, KAFKA_BROKERS: process.env.KAFKA_BROKERS, DATABASE_URL: process.env.DATABASE_URL };
}

describe('budget service process', () => {
  const started: ServiceProcess[] = [];
  const start = (env: NodeJS.ProcessEnv) => {
    const service = ServiceProcess.start({ entry: ENTRY, env });
    started.push(service);
    return service;
  };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.stop(5_000).catch(() => undefined)));
  });

  it('exits non-zero naming KAFKA_BROKERS when it is missing', async () => {
    const service = start({ ...stackEnv(), KAFKA_BROKERS: undefined, PORT: String(await freePort()) });
    const exit = await service.waitForExit(15_000);
    expect(exit.code).toBe(1);
    expect(service.stderr).toContain('KAFKA_BROKERS: required, e.g. 127.0.0.1:19092');
    expect(service.stderr).toContain('INVALID_ENVIRONMENT');
  });

  it("exits non-zero naming PORT when it is 'abc'", async () => {
    const service = start({ ...stackEnv(), PORT: 'abc' });
    const exit = await service.waitForExit(15_000);
    expect(exit.code).toBe(1);
    expect(service.stderr).toContain("PORT: expected integer 1-65535, got 'abc'");
  });

  it('is alive and ready with Kafka and PostgreSQL answering', async () => {
    const port = await freePort();
    const service = start({ ...stackEnv(), PORT: String(port) });
    const ready = await service.waitForHttp(`http://127.0.0.1:${port}/readyz`);
    const report = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
    expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
      ['kafka', true],
      ['postgres', true],
    ]);
    const alive = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(alive.status).toBe(200);
    await expect(alive.json()).resolves.toEqual({ status: 'ok' });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('http_server_request_duration');
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });

  it('answers /readyz 503 naming postgres when the database port is closed', async () => {
    const port = await freePort();
    const closed = await freePort();
    const service = start({ ...stackEnv(), PORT: String(port), DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/gatehouse` });
    await service.waitForHttp(`http://127.0.0.1:${port}/healthz`);
    const response = await service.waitForHttp(`http://127.0.0.1:${port}/readyz`, { status: 503 });
    const report = (await response.json()) as { status: string; checks: { name: string; ok: boolean; detail: string }[] };
    expect(report.status).toBe('not_ready');
    expect(report.checks.find((check) => check.name === 'postgres')).toMatchObject({ ok: false, detail: expect.stringContaining('ECONNREFUSED') });
    expect(report.checks.find((check) => check.name === 'kafka')).toMatchObject({ ok: true });
  });

  it('answers /readyz 503 naming kafka when the broker port is closed', async () => {
    const port = await freePort();
    const closed = await freePort();
    const service = start({ ...stackEnv(), PORT: String(port), KAFKA_BROKERS: `127.0.0.1:${closed}` });
    const response = await service.waitForHttp(`http://127.0.0.1:${port}/readyz`, { status: 503 });
    const report = (await response.json()) as { checks: { name: string; ok: boolean; detail: string }[] };
    expect(report.checks.find((check) => check.name === 'kafka')).toMatchObject({ ok: false, detail: expect.stringContaining('kafka') });
    expect(report.checks.find((check) => check.name === 'postgres')).toMatchObject({ ok: true });
  });
});
