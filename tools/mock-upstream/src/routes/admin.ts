import { sendJson } from '../http-util';
import type { RouteDef } from '../router';

/** Introspection for tests and benchmarks that run the mock in another process. */
export const adminRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: /^\/_mock\/health$/,
    name: 'mock.health',
    handle: (_ctx, exchange) => sendJson(exchange, 200, { ok: true }),
  },
  {
    method: 'GET',
    pattern: /^\/_mock\/stats$/,
    name: 'mock.stats',
    handle: (ctx, exchange) => sendJson(exchange, 200, ctx.stats.snapshot()),
  },
  {
    method: 'POST',
    pattern: /^\/_mock\/reset$/,
    name: 'mock.reset',
    handle: (ctx, exchange) => {
      ctx.conversation.reset();
      ctx.faults.reset();
      ctx.cache.reset();
      ctx.stats.reset();
      sendJson(exchange, 200, { ok: true });
    },
  },
];
