import type { IncomingMessage, ServerResponse } from 'node:http';

/** Telemetry bodies larger than this are cut off: they are discarded anyway. */
const MAX_DISCARD_BYTES = 8 * 1024 * 1024;

/**
 * Claude Code sends its OpenTelemetry export (OTLP/HTTP, protobuf or JSON) to the gateway's
 * `/v1/metrics`, `/v1/logs` and `/v1/traces` once signed in. The gateway has its own accounting,
 * so the data is read and dropped. The answer must be 200 (a 404 makes the client log an error on
 * every flush): an empty `Export…ServiceResponse`, which is zero bytes in protobuf and `{}` in JSON.
 */
export function discardOtlp(req: IncomingMessage, res: ServerResponse): void {
  let received = 0;
  const answer = (): void => {
    if (res.headersSent) return;
    const json = (req.headers['content-type'] ?? '').includes('json');
    const body = json ? '{}' : '';
    res.writeHead(200, {
      'content-type': json ? 'application/json' : 'application/x-protobuf',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_DISCARD_BYTES) {
      // Answer success and close: the exporter must not retry a body that will never be stored.
      res.setHeader('connection', 'close');
      answer();
      req.destroy();
    }
  });
  req.once('end', answer);
  req.once('error', () => res.destroy());
}
