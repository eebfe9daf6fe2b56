import type { IncomingHttpHeaders } from 'node:http';

/** Connection-scoped headers (RFC 9110 §7.6.1) that never cross a proxy. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export interface ClientConnection {
  /** The peer address of the socket. */
  readonly remoteAddress: string;
  /** True when the client reached this proxy over TLS. */
  readonly encrypted: boolean;
}

/**
 * Headers for the request towards the auth service: everything the client sent (cookies,
 * authorization, content type and length) minus hop-by-hop headers and `host`, plus the
 * `x-forwarded-*` trio so the auth service can see the original client, scheme and host. An
 * `x-forwarded-for` chain from a load balancer in front is extended, not replaced.
 */
export function requestHeadersForAuth(headers: IncomingHttpHeaders, client: ClientConnection): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'host' || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  const priorFor = headers['x-forwarded-for'];
  const chain = typeof priorFor === 'string' && priorFor.trim() !== '' ? `${priorFor}, ${client.remoteAddress}` : client.remoteAddress;
  out['x-forwarded-for'] = chain;
  out['x-forwarded-proto'] = firstValue(headers['x-forwarded-proto']) ?? (client.encrypted ? 'https' : 'http');
  const host = firstValue(headers['x-forwarded-host']) ?? headers.host;
  if (host !== undefined) out['x-forwarded-host'] = host;
  return out;
}

/** Response headers from the auth service for the client: all but hop-by-hop ones. */
export function responseHeadersForClient(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  return out;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.split(',')[0].trim();
}
