import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicErrorBody } from './anthropic-errors';
import { ConversationEngine } from './conversation';
import { FaultInjector } from './faults';
import { type Exchange, MAX_BODY_BYTES, readBody, sendJson } from './http-util';
import { newRequestId } from './ids';
import { type MockUpstreamOptions, resolveOptions } from './options';
import { matchRoute, type RouteDef, type ServerContext } from './router';
import { adminRoutes } from './routes/admin';
import { anthropicRoutes } from './routes/anthropic';
import { bedrockRoutes } from './routes/bedrock';
import { googleOauthRoutes } from './routes/google-oauth';
import { vertexRoutes } from './routes/vertex';
import { type MockStats, StatsRecorder } from './stats';
import { PromptCache } from './tokens';

const ROUTES: readonly RouteDef[] = [
  ...anthropicRoutes,
  ...bedrockRoutes,
  ...vertexRoutes,
  ...googleOauthRoutes,
  ...adminRoutes,
];

export interface MockUpstream {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): MockStats;
  /** Rewinds the script, fault counters, prompt cache and counters. */
  reset(): void;
}

function createContext(options: MockUpstreamOptions): {
  ctx: ServerContext;
  host: string;
  port: number;
} {
  const resolved = resolveOptions(options);
  const ctx: ServerContext = {
    config: resolved.routeConfig,
    issuedVertexTokens: new Set(),
    conversation: new ConversationEngine({
      toolTrigger: resolved.toolTrigger,
      defaultToolName: resolved.defaultToolName,
      script: resolved.script,
    }),
    cache: new PromptCache(resolved.now),
    faults: new FaultInjector({
      globalSpec: resolved.globalFault,
      globalRate: resolved.faultRate,
      random: resolved.random,
    }),
    timing: resolved.timing,
    stats: new StatsRecorder(),
  };
  return { ctx, host: resolved.host, port: resolved.port };
}

async function handle(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = queryStart < 0 ? '' : url.slice(queryStart + 1);
  const exchange: Exchange = { req, res, path, query, body: Buffer.alloc(0), stats: ctx.stats };
  const found = matchRoute(ROUTES, req.method ?? 'GET', path);
  if (!found) {
    req.resume();
    const message = `No mock route for ${req.method} ${path}`;
    sendJson(exchange, 404, anthropicErrorBody({ kind: 'not_found', message }, newRequestId()));
    return;
  }
  ctx.stats.request(found.route.name);
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === 'too-large') {
    sendJson(exchange, 413, anthropicErrorBody({ kind: 'request_too_large' }, newRequestId()));
    return;
  }
  exchange.body = body;
  await found.route.handle(ctx, exchange, found.params);
}

/** Starts the simulator in this process; `port: 0` (the default) picks a free port. */
export async function startMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const { ctx, host, port } = createContext(options);
  const server = createServer(
    { noDelay: true, keepAliveTimeout: 65_000, requestTimeout: 0 },
    (req, res) => {
      handle(ctx, req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          const message = `mock-upstream failed: ${(error as Error).message}`;
          sendJson(
            { req, res, path: '', query: '', body: Buffer.alloc(0), stats: ctx.stats },
            500,
            anthropicErrorBody({ kind: 'api_error', message }, newRequestId()),
          );
        } else {
          res.destroy();
        }
      });
    },
  );
  server.maxHeadersCount = 200;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    stats: () => ctx.stats.snapshot(),
    reset: () => {
      ctx.conversation.reset();
      ctx.faults.reset();
      ctx.cache.reset();
      ctx.stats.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and streaming requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
