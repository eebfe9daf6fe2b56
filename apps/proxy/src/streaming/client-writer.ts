import type { ServerResponse } from 'node:http';

/**
 * Writes to the client with backpressure: `write` resolves at once while the socket keeps up and
 * waits for `drain` when its buffer is full, so a slow client slows the upstream read instead of
 * growing memory. Resolves false once the client is gone.
 */
export function writeChunk(res: ServerResponse, chunk: Uint8Array): Promise<boolean> | boolean {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** True once the client went away before the response was complete. */
export function clientGone(res: ServerResponse): boolean {
  return res.destroyed && !res.writableFinished;
}
