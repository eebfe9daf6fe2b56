import type { ServiceContext } from '@gatehouse/service-kit';
import { KafkaUsageEventSink } from './accounting/kafka-usage-event-sink';
import { WorkerUsageEventSink } from './accounting/worker-usage-event-sink';
import { createCallerAuthenticator } from './auth/authenticator-factory';
import type { ProxyConfig } from './config';
import { registerCircuitMetrics } from './forwarding/circuit-metrics';
import { UpstreamEndpointRuntime } from './forwarding/upstream-endpoint';
import { UpstreamForwarder } from './forwarding/upstream-forwarder';
import { createAccessLogger } from './http/access-log';
import { startIdentityState } from './identity-state/start-identity-state';
import type { ProxyRuntime } from './http/proxy-runtime';
import { loadRoutingConfig } from './routing/load-routing-config';
import { loadPriceCatalog } from './accounting/load-price-catalog';
import { buildModelsList } from './routing/models-list';
import { RouteTable } from './routing/route-table';
import { buildAdapters, type UpstreamEndpointsConfig } from './upstreams/adapter-registry';

/**
 * Builds everything the request path reads, once, at startup: routing table, adapters, connection
 * pools, circuit breakers, authenticator (fed by the identity-state consumer), price catalog and
 * the usage sink. A bad routing file or a missing credential fails the start with the reason;
 * Kafka being down does not (the identity state then keeps `/readyz` failing until it caught up).
 */
export async function composeProxy(config: ProxyConfig, context: ServiceContext<ProxyConfig>): Promise<ProxyRuntime> {
  const logger = context.logger.child({ component: 'proxy' });
  const routing = loadRoutingConfig(config.GATEHOUSE_ROUTES_FILE, { anthropicBaseUrl: config.UPSTREAM_ANTHROPIC_BASE_URL });
  const adapters = buildAdapters({ endpoints: routing.endpoints } as UpstreamEndpointsConfig, process.env);
  const endpoints = new Map<string, UpstreamEndpointRuntime>();
  for (const [id, adapter] of adapters) {
    endpoints.set(
      id,
      new UpstreamEndpointRuntime(adapter, {
        connections: config.UPSTREAM_CONNECTIONS,
        connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
        headersTimeoutMs: config.UPSTREAM_HEADERS_TIMEOUT_MS,
        bodyTimeoutMs: config.UPSTREAM_BODY_TIMEOUT_MS,
        failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
        openMs: config.CIRCUIT_OPEN_MS,
      }),
    );
  }
  context.onShutdown('close upstream connection pools', async () => {
    await Promise.all([...endpoints.values()].map((endpoint) => endpoint.close()));
  });
  registerCircuitMetrics(context.telemetry.meter, [...endpoints.values()]);

  const routes = new RouteTable(routing, endpoints);
  const models = buildModelsList(routing.models, routes.exactModelIds());
  const authenticator = createCallerAuthenticator({
    jwksUrl: config.GATEHOUSE_JWKS_URL,
    jwksFile: config.GATEHOUSE_JWKS_FILE,
    issuer: config.GATEHOUSE_TOKEN_ISSUER,
    audience: config.GATEHOUSE_TOKEN_AUDIENCE,
    identity: config.PROXY_IDENTITY_STATE === 'on' ? startIdentityState(config, context) : undefined,
  });
  const usageOptions = {
    brokers: config.KAFKA_BROKERS,
    topic: config.USAGE_TOPIC,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    journalDirectory: config.USAGE_JOURNAL_DIR,
    logger: context.logger.child({ component: 'kafka' }),
  };
  const usage =
    config.USAGE_PUBLISHER === 'worker'
      ? await WorkerUsageEventSink.start({
          ...usageOptions,
          idleScheduling: config.USAGE_WORKER_SCHEDULING === 'adaptive' ? {} : false,
        })
      : await KafkaUsageEventSink.start(usageOptions);
  context.addReadinessCheck({ name: 'usage-journal', check: () => Promise.resolve(usage.health()) });
  // Registered after the HTTP server closes (bootstrap drains requests first), so every
  // finished request's event is flushed before the producer disconnects.
  context.onShutdown('flush usage events', () => usage.close());
  logger.info({ endpoints: [...endpoints.keys()], routes: routing.routes.length, models: models.ids.length, usagePublisher: config.USAGE_PUBLISHER }, 'proxy routing ready');

  return {
    authenticator,
    routes,
    forwarder: new UpstreamForwarder({
      retryAfterMaxWaitMs: config.UPSTREAM_RETRY_AFTER_MAX_WAIT_MS,
      headersTimeoutMs: config.UPSTREAM_HEADERS_TIMEOUT_MS,
      logger,
    }),
    usage,
    catalog: loadPriceCatalog(config.GATEHOUSE_PRICES_FILE),
    modelsBody: models.body,
    availableModelsText: models.ids.length > 0 ? models.ids.join(', ') : routing.routes.flatMap((route) => route.models).join(', '),
    keepAlivePingMs: config.STREAM_KEEPALIVE_PING_MS,
    accessLog: config.PROXY_ACCESS_LOG
      ? createAccessLogger({
          service: 'proxy',
          level: config.LOG_LEVEL,
          pretty: config.LOG_PRETTY,
          serviceLogger: context.logger,
          onShutdown: (name, hook) => context.onShutdown(name, hook),
        })
      : null,
    logger,
  };
}
