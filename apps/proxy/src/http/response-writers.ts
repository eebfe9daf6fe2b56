import { filterResponseHeaders, type GatewayErrorResponse } from '@gatehouse/anthropic';
import type { ServerResponse } from 'node:http';
import type { ResponseHeaders } from '../forwarding/upstream-attempt';

/** The gateway's own request id, next to the upstream's `request-id` which passes through. */
export const GATEHOUSE_REQUEST_ID_HEADER = 'x-gatehouse-request-id';

export type OutgoingHeaders = Record<string, string | string[]>;

/** Upstream response headers the client may see, plus the gateway request id. */
export function clientHeaders(upstream: ResponseHeaders, requestId: string): OutgoingHeaders {
  const headers = filterResponseHeaders(upstream);
  headers[GATEHOUSE_REQUEST_ID_HEADER] = requestId;
  return headers;
}

/** Writes a complete response with a known body in one go. */
export function sendBody(res: ServerResponse, status: number, headers: OutgoingHeaders, body: Buffer | string): void {
  if (res.headersSent || res.destroyed) return;
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

/** Writes a gateway-originated Anthropic error. */
export function sendGatewayError(res: ServerResponse, requestId: string, error: GatewayErrorResponse): void {
  sendBody(res, error.status, { ...error.headers, [GATEHOUSE_REQUEST_ID_HEADER]: requestId }, error.body);
}

/** First value of a response header. */
export function headerValue(headers: ResponseHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return typeof value === 'string' ? value : (value[0] ?? null);
}
