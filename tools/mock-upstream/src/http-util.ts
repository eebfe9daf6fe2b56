import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { StatsRecorder } from './stats';

/** One request in flight, with its body already read. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query string, still percent-encoded as the client sent it. */
  path: string;
  query: string;
  body: Buffer;
  stats: StatsRecorder;
}

// Bodies above this are refused before parsing; Vertex's own limit is 30 MB.
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(over ? 'too-large' : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

export function send(
  exchange: Exchange,
  status: number,
  body: string | Uint8Array,
  headers: OutgoingHttpHeaders,
): void {
  const { res } = exchange;
  if (res.destroyed) return;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { ...headers, 'content-length': length });
  res.end(body);
  exchange.stats.sent(length);
}

export function sendJson(
  exchange: Exchange,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  send(exchange, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

/** Writes part of a streamed body; returns false once the client has gone. */
export function write(exchange: Exchange, chunk: string | Uint8Array): boolean {
  const { res } = exchange;
  if (res.destroyed || res.writableEnded) return false;
  res.write(chunk);
  exchange.stats.sent(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
  return true;
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export const header = (exchange: Exchange, name: string): string | undefined => {
  const value = exchange.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
