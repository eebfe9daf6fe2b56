import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The latency floor: a byte relay that copies each TCP connection to the upstream and back,
 * with no HTTP parsing, no headers, nothing allocated per request but socket reads. Whatever it
 * adds at p99 over going direct is the cost of one more hop through the proxy's core on this
 * machine (loopback, wake-ups, other work preempting that core): no proxy on that core can add
 * less, so a latency target below it cannot be resolved on this machine (ADR 0018).
 */
export interface RelayListener {
  readonly url: string;
  close(): Promise<void>;
}

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

export async function startTcpRelay(upstreamUrl: string): Promise<RelayListener> {
  const upstream = new URL(upstreamUrl);
  const port = Number(upstream.port);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    relayConnection(client, port, upstream.hostname);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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

// Run as its own process (pinned like the proxies under test):
//   node dist/tools/bench/src/tcp-relay.js <upstreamUrl> [<upstreamUrl> …]
// prints one line `{"listeners":["http://127.0.0.1:port", …]}` in upstream order once listening.
if (require.main === module) {
  Promise.all(process.argv.slice(2).map((url) => startTcpRelay(url))).then(
    (listeners) => {
      process.stdout.write(`${JSON.stringify({ listeners: listeners.map((l) => l.url) })}\n`);
      const stop = (): void => {
        Promise.all(listeners.map((l) => l.close())).finally(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      process.stderr.write(`tcp relay failed to start: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
