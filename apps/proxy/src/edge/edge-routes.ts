import type { ServiceFastify } from '@gatehouse/service-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthServiceForwarder } from './auth-service-forwarder';
import { discardOtlp } from './otlp-sink';

/**
 * Paths the auth service serves, relayed so that Claude Code (which resolves every path against
 * one base URL and follows no cross-origin redirect), browsers and SCIM clients use the gateway's
 * URL for everything. `*` covers every path below the prefix.
 */
export const AUTH_SERVICE_PATHS: readonly string[] = [
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
  '/oauth/*',
  '/device',
  '/device/*',
  '/auth/*',
  '/managed/settings',
  '/managed/settings.json',
  '/scim/v2',
  '/scim/v2/*',
  '/admin',
  '/admin/*',
];

export const OTLP_PATHS: readonly string[] = ['/v1/metrics', '/v1/logs', '/v1/traces'];

const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'] as const;

interface RawRequest {
  readonly raw: IncomingMessage;
}

interface RawReply {
  hijack(): unknown;
  readonly raw: ServerResponse;
}

/**
 * Registers the edge routes in their own encapsulated context, off the inference hot path. Its
 * only body parser reads nothing, so request bodies stream to the auth service as they arrive and
 * Fastify never buffers or parses them; the handlers take the raw response over.
 */
export function registerEdgeRoutes(fastify: ServiceFastify, forwarder: AuthServiceForwarder): void {
  void fastify.register((child, _opts, ready) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    for (const url of AUTH_SERVICE_PATHS) {
      child.route({
        method: [...ALL_METHODS],
        url,
        handler: (request: RawRequest, reply: RawReply) => {
          reply.hijack();
          return forwarder.forward(request.raw, reply.raw);
        },
      });
    }
    for (const url of OTLP_PATHS) {
      child.post(url, (request: RawRequest, reply: RawReply) => {
        reply.hijack();
        discardOtlp(request.raw, reply.raw);
      });
    }
    ready();
  });
}
