import proxyaddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/**
 * The client's address as a service should record and rate-limit it; undefined when the socket is
 * already gone (a client that disconnected while its body was read).
 */
export type ClientAddressResolver = (req: IncomingMessage) => string | undefined;

/**
 * Checks a `TRUSTED_PROXIES` list (addresses, CIDR ranges, or `loopback` / `linklocal` /
 * `uniquelocal`) and returns the reason it is unusable, if it is.
 */
export function invalidTrustedProxies(list: readonly string[]): string | undefined {
  try {
    proxyaddr.compile([...list]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Resolves the client address the way Fastify's `request.ip` does with the same `trustProxy`
 * setting (both use @fastify/proxy-addr), so raw node:http paths such as the proxy's request lane
 * agree with the Fastify routes. With no trusted proxies it is the socket's peer; when the peer is
 * trusted, the nearest untrusted address in `X-Forwarded-For` — a header anyone can send, so it is
 * read only from the proxies listed (for auth behind the gateway: the gateway's addresses).
 */
export function clientAddressResolver(trusted: readonly string[]): ClientAddressResolver {
  if (trusted.length === 0) return (req) => req.socket.remoteAddress;
  const trust = proxyaddr.compile([...trusted]);
  return (req) => (req.socket.remoteAddress === undefined ? undefined : proxyaddr(req, trust));
}
