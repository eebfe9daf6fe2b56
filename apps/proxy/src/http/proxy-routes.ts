import type { ServiceFastify } from '@gatehouse/service-kit';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { UpstreamOperation } from '../upstreams/upstream-adapter';
import { handleMessages } from './messages-handler';
import { authenticationError, ProxyError, ProxyErrorCode } from './proxy-error';
import type { ProxyRuntime } from './proxy-runtime';
import { requestMeta } from './request-meta';
import { GATEHOUSE_REQUEST_ID_HEADER, sendBody, sendGatewayError } from './response-writers';

export interface ProxyRouteOptions {
  readonly bodyLimitBytes: number;
  readonly requireContentLength: boolean;
}

/**
 * The parts of Fastify's request and reply the handlers use. Structural on purpose: Nest ships its
 * own copy of Fastify, whose types differ from the top-level package's.
 */
interface RouteRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly ip: string;
  readonly method: string;
  readonly url: string;
}

interface RouteReply {
  hijack(): unknown;
  readonly raw: ServerResponse;
}

/** Takes the response over from Fastify: the handler writes status, headers and bytes itself. */
function takeOver(reply: RouteReply): ServerResponse {
  reply.hijack();
  return reply.raw;
}

const OTHER_METHODS_THAN_POST = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const OTHER_METHODS_THAN_GET = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * The Anthropic-compatible routes as raw Fastify routes (no Nest controller layer on the hot
 * path). They live in their own encapsulated context whose only body parser keeps the body as a
 * Buffer: `inspectRequestBody` parses it exactly once and pass-through upstreams get the bytes.
 * Everything that goes wrong before a handler runs (size limit, framing) is answered in the
 * Anthropic error shape too, and so is every unknown route of the service.
 */
export function registerProxyRoutes(fastify: ServiceFastify, rt: ProxyRuntime, options: ProxyRouteOptions): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    // Fastify marks unmatched URLs before routing to the not-found handler; answering here keeps
    // the service-wide 404 (owned by Nest) out of the Anthropic-facing surface.
    if (request.is404) {
      sendError(takeOver(reply), routeNotFound(request.method, request.url));
      return;
    }
    done();
  });

  void fastify.register((child, _opts, ready) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes }, (_request, body, done) => done(null, body));
    child.setErrorHandler((error, _request, reply) => {
      sendError(takeOver(reply), frameworkError(error, options.bodyLimitBytes));
    });
    if (options.requireContentLength) {
      child.addHook('onRequest', (request, reply, done) => {
        if (request.headers['transfer-encoding'] !== undefined && request.headers['content-length'] === undefined) {
          sendError(
            takeOver(reply),
            new ProxyError(ProxyErrorCode.LengthRequired, 'Send the request body with a Content-Length header; chunked uploads are not accepted.'),
          );
          return;
        }
        done();
      });
    }
    child.post('/v1/messages', messagesRoute(rt, 'messages'));
    child.post('/v1/messages/count_tokens', messagesRoute(rt, 'count_tokens'));
    child.get('/v1/models', modelsRoute(rt));
    for (const url of ['/v1/messages', '/v1/messages/count_tokens']) {
      child.route({ method: [...OTHER_METHODS_THAN_POST], url, handler: methodNotAllowed('POST') });
    }
    child.route({ method: [...OTHER_METHODS_THAN_GET], url: '/v1/models', handler: methodNotAllowed('GET') });
    ready();
  });
}

function messagesRoute(rt: ProxyRuntime, operation: UpstreamOperation) {
  return (request: RouteRequest, reply: RouteReply): void => {
    const body = Buffer.isBuffer(request.body) ? request.body : EMPTY;
    serveMessages(rt, { operation, headers: request.headers, body, clientIp: request.ip, res: takeOver(reply) });
  };
}

/** A Messages request whose body has been read completely; shared by the Fastify route and the lane. */
export interface ReadMessagesRequest {
  readonly operation: UpstreamOperation;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly clientIp: string | undefined;
  readonly res: ServerResponse;
}

export function serveMessages(rt: ProxyRuntime, request: ReadMessagesRequest): void {
  const { res } = request;
  const meta = requestMeta(request.headers, request.clientIp);
  handleMessages(rt, { operation: request.operation, headers: request.headers, body: request.body, meta, res }).catch((error: unknown) => {
    rt.logger.error({ requestId: meta.requestId, err: error }, 'proxy request failed unexpectedly');
    if (!res.headersSent) {
      const failure = new ProxyError(ProxyErrorCode.Internal, `Internal gateway error; quote request id ${meta.requestId} to the operator.`);
      sendGatewayError(res, meta.requestId, failure.toResponse());
    } else {
      res.destroy();
    }
  });
}

function modelsRoute(rt: ProxyRuntime) {
  return async (request: RouteRequest, reply: RouteReply): Promise<void> => {
    const res = takeOver(reply);
    const meta = requestMeta(request.headers, request.ip);
    const auth = await rt.authenticator.authenticate(request.headers);
    if (!auth.ok) {
      sendGatewayError(res, meta.requestId, authenticationError(auth).toResponse());
      return;
    }
    sendBody(res, 200, { 'content-type': 'application/json', [GATEHOUSE_REQUEST_ID_HEADER]: meta.requestId }, rt.modelsBody);
  };
}

function methodNotAllowed(allowed: string) {
  return (request: RouteRequest, reply: RouteReply): void => {
    const error = new ProxyError(ProxyErrorCode.MethodNotAllowed, `${request.method} is not allowed on ${request.url.split('?')[0]}; use ${allowed}.`);
    const response = error.toResponse();
    sendBody(takeOver(reply), response.status, { ...response.headers, allow: allowed }, response.body);
  };
}

function routeNotFound(method: string, url: string): ProxyError {
  const path = url.split('?')[0].slice(0, 200);
  return new ProxyError(
    ProxyErrorCode.RouteNotFound,
    `No route for ${method} ${path}: this gateway serves the Anthropic Messages API (POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models).`,
  );
}

/** Errors Fastify raises before a handler runs (body parsing), as Anthropic errors. */
export function frameworkError(error: unknown, bodyLimitBytes: number): ProxyError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? error.statusCode : undefined;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return new ProxyError(ProxyErrorCode.BodyTooLarge, `Request body exceeds this gateway's limit of ${bodyLimitBytes} bytes; shorten the conversation or compact it.`);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const reason = error instanceof Error ? error.message : 'malformed request';
    return new ProxyError(ProxyErrorCode.InvalidBody, `The request could not be read: ${reason}`);
  }
  return new ProxyError(ProxyErrorCode.Internal, 'Internal gateway error while reading the request; retry it.');
}

function sendError(res: ServerResponse, error: ProxyError): void {
  const response = error.toResponse();
  sendBody(res, response.status, { ...response.headers }, response.body);
}

const EMPTY = Buffer.alloc(0);
