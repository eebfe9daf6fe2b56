import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';
import {
  PASS_THROUGH_BACKLOG,
  serveUpstreamsFromArgv,
  type UpstreamListener,
} from './listener-process';

/**
 * The pass-through baseline: the least a Node proxy must do to forward the Messages API —
 * node:http in front, an undici keep-alive pool behind, bytes streamed both ways, hop-by-hop
 * headers dropped. No auth, routing, parsing or accounting, so the gateway's figures can be
 * read as "cost of the features" on top of it. One listener per upstream keeps routing out of it.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

export async function startBaselineProxy(options: {
  upstreamUrl: string;
  host?: string;
  port?: number;
  connections?: number;
}): Promise<UpstreamListener> {
  const pool = new Pool(options.upstreamUrl, {
    connections: options.connections ?? 256,
    keepAliveTimeout: 60_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const server: Server = createServer((req, res) => {
    pool
      .request({
        method: req.method as 'POST',
        path: req.url ?? '/',
        headers: forwardable(req.headers),
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req,
      })
      .then(async (upstream) => {
        res.writeHead(upstream.statusCode, forwardable(upstream.headers));
        await pipeline(upstream.body, res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end();
      });
  });
  server.keepAliveTimeout = 65_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) =>
    server.listen(
      { port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: PASS_THROUGH_BACKLOG },
      resolve,
    ),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

// Run as its own process (so it can be pinned to a core and metered); see serveUpstreamsFromArgv.
if (require.main === module) {
  const connections = Number(process.env.BASELINE_CONNECTIONS ?? 256);
  serveUpstreamsFromArgv('baseline proxy', (upstreamUrl) =>
    startBaselineProxy({ upstreamUrl, connections }),
  );
}
