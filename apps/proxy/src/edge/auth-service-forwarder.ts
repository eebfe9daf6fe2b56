import type { ProxyLogger } from '../http/proxy-runtime';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { pipeline } from 'node:stream/promises';
import { Pool, type Dispatcher } from 'undici';
import { EdgeError, EdgeErrorCode } from './edge-error';
import { requestHeadersForAuth, responseHeadersForClient } from './forwarded-headers';

export interface AuthServiceForwarderOptions {
  /** Origin of the auth service (`AUTH_SERVICE_URL`); a path in it is ignored. */
  readonly baseUrl: string;
  readonly logger: ProxyLogger;
  readonly connections?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
}

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/**
 * Relays one request to the auth service and its answer back, streaming both bodies: status,
 * headers (cookies, `location` of redirects, caching headers) and bytes pass unchanged, so the
 * auth service stays the only author of its pages and OAuth answers. Redirects are not followed:
 * the client gets them as the auth service sent them.
 */
export class AuthServiceForwarder {
  private readonly pool: Pool;

  constructor(private readonly options: AuthServiceForwarderOptions) {
    this.pool = new Pool(new URL(options.baseUrl).origin, {
      connections: options.connections ?? 32,
      pipelining: 1,
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    });
  }

  async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    const method = (req.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
    const hasBody = !METHODS_WITHOUT_BODY.has(method) || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({
        path: req.url ?? '/',
        method,
        headers: requestHeadersForAuth(req.headers, {
          remoteAddress: req.socket.remoteAddress ?? '',
          encrypted: (req.socket as Partial<TLSSocket>).encrypted === true,
        }),
        body: hasBody ? req : null,
        signal: abort.signal,
      });
    } catch (error) {
      res.off('close', onClose);
      if (abort.signal.aborted) return;
      this.options.logger.warn({ err: error instanceof Error ? error.message : String(error), path: pathOf(req.url) }, 'auth service unreachable');
      this.sendError(res, new EdgeError(EdgeErrorCode.AUTH_SERVICE_UNAVAILABLE, 'The sign-in service is unreachable through this gateway; retry in a few seconds.'));
      return;
    }
    try {
      res.writeHead(response.statusCode, responseHeadersForClient(response.headers));
      await pipeline(response.body, res);
    } catch {
      // The client went away or the auth service broke off mid-body: nothing can be answered now.
      response.body.destroy();
      res.destroy();
    } finally {
      res.off('close', onClose);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private sendError(res: ServerResponse, error: EdgeError): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const response = error.toResponse();
    res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
    res.end(response.body);
  }
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0].slice(0, 200);
}
