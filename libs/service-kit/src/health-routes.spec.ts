import { FastifyAdapter } from '@nestjs/platform-fastify';
import { registerHealthRoutes, type HealthState } from './health-routes';
import type { ReadinessCheck } from './readiness';

/** Fastify's inject() exercises the routes without opening a socket. */
function build(checks: ReadinessCheck[], state: HealthState = { accepting: true }) {
  const fastify = new FastifyAdapter({ logger: false }).getInstance();
  registerHealthRoutes(fastify, {
    checks,
    readinessTimeoutMs: 100,
    state,
    telemetry: { metricsText: async () => '# TYPE up gauge\nup 1\n' },
  });
  return fastify;
}

const healthy: ReadinessCheck = {
  name: 'postgres',
  check: async () => ({ ok: true, detail: 'SELECT 1 answered' }),
};
const broken: ReadinessCheck = {
  name: 'kafka',
  check: async () => ({ ok: false, detail: 'BROKER_UNAVAILABLE' }),
};

describe('health routes', () => {
  it('answers /healthz while dependencies are down', async () => {
    const response = await build([broken]).inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 when every check passes and 503 naming the failing one', async () => {
    expect((await build([healthy]).inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const response = await build([healthy, broken]).inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'not_ready',
      checks: [
        { name: 'postgres', ok: true },
        { name: 'kafka', ok: false, detail: 'BROKER_UNAVAILABLE' },
      ],
    });
  });

  it('answers /readyz 503 once shutdown began, without running checks', async () => {
    let ran = false;
    const spy: ReadinessCheck = { name: 'spy', check: async () => ((ran = true), { ok: true }) };
    const response = await build([spy], { accepting: false }).inject({
      method: 'GET',
      url: '/readyz',
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'shutting_down', checks: [] });
    expect(ran).toBe(false);
  });

  it('serves Prometheus text on /metrics', async () => {
    const response = await build([]).inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(response.body).toContain('up 1');
  });
});
