import type { ClientAddressResolver, RequestLane } from '@gatehouse/service-kit';
import type { IncomingMessage } from 'node:http';
import type { UpstreamOperation } from '../upstreams/upstream-adapter';
import { serveMessages, type ProxyRouteOptions } from './proxy-routes';
import type { ProxyRuntime } from './proxy-runtime';

const LANE_ROUTES = new Map<string, UpstreamOperation>([
  ['/v1/messages', 'messages'],
  ['/v1/messages/count_tokens', 'count_tokens'],
]);

/**
 * The Messages routes on node:http directly, ahead of Fastify (ADR 0018): routing, hooks and the
 * content-type parser cost about a tenth of the proxy's CPU per small request. The lane takes only
 * the well-formed common case, a POST with a `content-type` and a `content-length` within the
 * limit, and declines everything else to the Fastify routes (registerProxyRoutes), which stay the
 * single place for every framing error: missing length, chunked upload, oversized body.
 */
export interface MessagesLaneOptions extends Pick<ProxyRouteOptions, 'bodyLimitBytes'> {
  /** The same client address the Fastify routes' `request.ip` gives (TRUSTED_PROXIES). */
  readonly clientAddress: ClientAddressResolver;
}

export function messagesLane(rt: ProxyRuntime, options: MessagesLaneOptions): RequestLane {
  return (req, res) => {
    if (req.method !== 'POST') return null;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const operation = LANE_ROUTES.get(path);
    if (operation === undefined) return null;
    const { headers } = req;
    if (headers['content-type'] === undefined || headers['transfer-encoding'] !== undefined)
      return null;
    const length = declaredLength(headers['content-length']);
    if (length === null || length > options.bodyLimitBytes) return null;
    readBody(req, (body) =>
      serveMessages(rt, { operation, headers, body, clientIp: options.clientAddress(req), res }),
    );
    return path;
  };
}

function declaredLength(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

/**
 * Collects the body node:http frames by its content-length. A client that leaves mid-body errors
 * the request and closes the socket: there is nobody to answer, so the request is dropped.
 */
function readBody(req: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  req.once('error', () => undefined);
}
