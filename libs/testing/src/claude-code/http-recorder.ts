import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request as httpRequest,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request that went through the recorder, with the answer the target gave. */
export interface RecordedExchange {
  method: string;
  /** Path and query as the client sent them, e.g. `/v1/messages?beta=true`. */
  url: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: string;
  /** 502 when the target could not be reached. */
  status: number;
  responseHeaders: IncomingHttpHeaders;
  /** The whole response as sent (SSE streams included), decoded as UTF-8. */
  responseBody: string;
}

export interface HttpRecorder {
  /** Base URL to give the client instead of the target's. */
  url: string;
  /** Finished exchanges, in the order their responses ended. */
  exchanges(): readonly RecordedExchange[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * A pass-through HTTP forwarder that keeps a copy of every exchange. Put it between a client and
 * a server (Claude Code → recorder → simulator or proxy) to see exactly which endpoints, headers
 * and bodies the client sends. Bytes are streamed through as they arrive, so SSE timing survives;
 * only finished exchanges are listed.
 */
export async function startHttpRecorder(options: { target: string }): Promise<HttpRecorder> {
  const target = new URL(options.target);
  const recorded: RecordedExchange[] = [];
  const server = createServer((req, res) => forward(target, req, res, (e) => recorded.push(e)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges: () => [...recorded],
    clear: () => {
      recorded.length = 0;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function forward(
  target: URL,
  req: IncomingMessage,
  res: ServerResponse,
  record: (exchange: RecordedExchange) => void,
): void {
  const requestChunks: Buffer[] = [];
  const base = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    requestHeaders: req.headers,
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: base.method,
      path: base.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      const responseChunks: Buffer[] = [];
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => {
        responseChunks.push(chunk);
        res.write(chunk);
      });
      answer.on('end', () => {
        res.end();
        record({
          ...base,
          requestBody: Buffer.concat(requestChunks).toString('utf8'),
          status: answer.statusCode ?? 502,
          responseHeaders: answer.headers,
          responseBody: Buffer.concat(responseChunks).toString('utf8'),
        });
      });
    },
  );
  upstream.on('error', (error) => {
    const body = `recorder could not reach ${target.origin}: ${error.message}`;
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(body);
    record({
      ...base,
      requestBody: Buffer.concat(requestChunks).toString('utf8'),
      status: 502,
      responseHeaders: {},
      responseBody: body,
    });
  });
  req.on('data', (chunk: Buffer) => {
    requestChunks.push(chunk);
    upstream.write(chunk);
  });
  req.on('end', () => upstream.end());
}
