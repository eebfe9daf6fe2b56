import { PROMETHEUS_CONTENT_TYPE, type Telemetry } from '@gatehouse/observability';
import type { ServiceFastify } from './fastify-instance';
import { runReadinessChecks, type ReadinessCheck } from './readiness';

export interface HealthState {
  /** False once shutdown began, so load balancers stop sending traffic before the port closes. */
  accepting: boolean;
}

export interface HealthRoutesOptions {
  checks: readonly ReadinessCheck[];
  readinessTimeoutMs: number;
  telemetry: Pick<Telemetry, 'metricsText'>;
  state: HealthState;
}

/**
 * Registers `/healthz` (the process answers), `/readyz` (every dependency answers) and
 * `/metrics` (Prometheus text) directly on Fastify, outside Nest's pipeline, so probes stay
 * cheap and do not depend on application guards or filters. Also marks responses sent during
 * shutdown `connection: close`, so draining does not wait for idle kept-alive connections.
 */
export function registerHealthRoutes(fastify: ServiceFastify, options: HealthRoutesOptions): void {
  // Responses sent once shutdown began close their connection: a kept-alive connection would
  // otherwise hold the server open after the in-flight request finished, until the deadline.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!options.state.accepting) void reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (_request, reply) => {
    if (!options.state.accepting) {
      return reply.status(503).send({ status: 'shutting_down', checks: [] });
    }
    const report = await runReadinessChecks(options.checks, options.readinessTimeoutMs);
    return reply.status(report.status === 'ready' ? 200 : 503).send(report);
  });

  fastify.get('/metrics', async (_request, reply) => {
    const text = await options.telemetry.metricsText();
    return reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(text);
  });
}
