import { runReadinessChecks, type ReadinessCheck } from './readiness';

const ok = (name: string): ReadinessCheck => ({
  name,
  check: async () => ({ ok: true, detail: 'fine' }),
});

describe('runReadinessChecks', () => {
  it('is ready when every check is ok', async () => {
    const report = await runReadinessChecks([ok('kafka'), ok('postgres')], 100);
    expect(report.status).toBe('ready');
    expect(report.checks.map((check) => [check.name, check.ok, check.detail])).toEqual([
      ['kafka', true, 'fine'],
      ['postgres', true, 'fine'],
    ]);
  });

  it('reports a failing, a throwing and a hanging check by name', async () => {
    const failing: ReadinessCheck = {
      name: 'postgres',
      check: async () => ({ ok: false, detail: 'ECONNREFUSED' }),
    };
    const throwing: ReadinessCheck = {
      name: 'clickhouse',
      check: async () => Promise.reject(new Error('socket hang up')),
    };
    const hanging: ReadinessCheck = { name: 'kafka', check: () => new Promise(() => undefined) };
    const started = Date.now();
    const report = await runReadinessChecks([ok('self'), failing, throwing, hanging], 50);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.status).toBe('not_ready');
    expect(report.checks.map((check) => [check.name, check.ok, check.detail])).toEqual([
      ['self', true, 'fine'],
      ['postgres', false, 'ECONNREFUSED'],
      ['clickhouse', false, 'socket hang up'],
      ['kafka', false, 'no answer within 50 ms'],
    ]);
  });

  it('runs checks in parallel', async () => {
    const slow = (name: string): ReadinessCheck => ({
      name,
      check: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 60)),
    });
    const started = Date.now();
    await runReadinessChecks([slow('a'), slow('b'), slow('c')], 1_000);
    expect(Date.now() - started).toBeLessThan(170);
  });
});
