import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  PASS_THROUGH_BACKLOG,
  serveUpstreamsFromArgv,
  type UpstreamListener,
} from './listener-process';

/**
 * The latency floor: a byte relay that copies each TCP connection to the upstream and back,
 * with no HTTP parsing, no headers, nothing allocated per request but socket reads. What it adds
 * at p99 over going direct is what one more hop through the proxy's core costs on this machine
 * (loopback, wake-ups, other work preempting that core), which any proxy there pays as well; a
 * latency target below it cannot be shown to pass on this machine (ADR 0018).
 */

/** Pipes one client connection to a new upstream connection and back; either end closing closes both. */
function relayConnection(client: Socket, port: number, host: string): void {
  const upstream = connect({ port, host, noDelay: true });
  client.setNoDelay(true);
  client.pipe(upstream).pipe(client);
  const destroyBoth = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', destroyBoth).on('close', destroyBoth);
  upstream.on('error', destroyBoth).on('close', destroyBoth);
}

/** Listens on a free loopback port and relays every connection to `upstreamUrl`. */
export async function startTcpRelay(upstreamUrl: string): Promise<UpstreamListener> {
  const upstream = new URL(upstreamUrl);
  const port = Number(upstream.port);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    relayConnection(client, port, upstream.hostname);
  });
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: PASS_THROUGH_BACKLOG }, resolve),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Run as its own process (pinned like the proxies under test); see serveUpstreamsFromArgv.
if (require.main === module) serveUpstreamsFromArgv('tcp relay', startTcpRelay);
