import { releaseVersion } from '@gatehouse/config';
import { bootstrapService, clientAddressResolver } from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { proxyConfigSchema, type ProxyConfig } from './config';
import { frameworkError, registerProxyRoutes } from './http/proxy-routes';
import { AuthServiceForwarder } from './edge/auth-service-forwarder';
import { registerEdgeRoutes } from './edge/edge-routes';
import { messagesLane } from './http/messages-lane';
import { composeProxy } from './proxy-composition';
import { scheduleHelperThreads } from './runtime/helper-thread-scheduling';
import { nodeHelperThreadIds } from './runtime/node-helper-threads';

// Before the service starts threads of its own (the usage worker, a log transport): these are Node's.
const nodeHelperThreads = nodeHelperThreadIds();

void bootstrapService({
  name: 'proxy',
  version: releaseVersion(),
  configSchema: proxyConfigSchema,
  // No Kafka readiness check: with Kafka down the proxy keeps serving and journals usage events;
  // the `usage-journal` check fails only when events would be lost.
  module: ({ config }) => AppModule.register(config),
  frameworkErrorResponse: (error) => frameworkError(error, 0).toResponse(),
  configureHttp: async (fastify, context) => {
    const config: ProxyConfig = context.config;
    const runtime = await composeProxy(config, context);
    if (config.HELPER_THREAD_SCHEDULING === 'adaptive') {
      const helpers = await scheduleHelperThreads({ tids: nodeHelperThreads, logger: runtime.logger });
      context.onShutdown('stop helper thread scheduling', () => helpers.stop());
    }
    registerProxyRoutes(fastify, runtime, {
      bodyLimitBytes: config.PROXY_BODY_LIMIT_BYTES,
      requireContentLength: config.PROXY_REQUIRE_CONTENT_LENGTH,
    });
    // Sign-in, SCIM, admin and telemetry paths, so the gateway has one base URL (docs/proxy.md).
    const authService = new AuthServiceForwarder({ baseUrl: config.AUTH_SERVICE_URL, logger: runtime.logger });
    context.onShutdown('close auth service connections', () => authService.close());
    registerEdgeRoutes(fastify, authService);
    return {
      lane: messagesLane(runtime, {
        bodyLimitBytes: config.PROXY_BODY_LIMIT_BYTES,
        clientAddress: clientAddressResolver(config.TRUSTED_PROXIES),
      }),
    };
  },
});
