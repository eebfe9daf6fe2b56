import { type AddressInfo, createServer } from 'node:net';

/** An upstream that is down in the rudest way: it accepts each connection and drops it at once. */
export interface ConnectionDropper {
  readonly url: string;
  /** Connections accepted (and dropped) since the last `reset()`. */
  connections(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Listens on loopback and destroys every connection before a byte is read. Unlike a closed port
 * it keeps its port, so no other process of the test can be given that port by accident, and it
 * counts how often the proxy tried it.
 */
export async function startConnectionDropper(): Promise<ConnectionDropper> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    reset: () => {
      accepted = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
