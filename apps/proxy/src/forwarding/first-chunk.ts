import type { Readable } from 'node:stream';

/**
 * Waits for the first bytes of a response body without starting to consume the rest: the caller
 * decides on failover until then, and relays the remainder afterwards (`relayStream`). Reads in
 * paused mode, so the body stays paused until the relay attaches its listeners. Resolves null for
 * an empty body; rejects with the body's error.
 *
 * From here on the body keeps a listener that ignores errors: one that arrives before the relay
 * listens, or after it let go (undici reports a destroyed body as an abort error), would
 * otherwise be thrown as uncaught. The relay reads such an error from `body.errored`.
 */
export function readFirstChunk(body: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      body
        .off('readable', onReadable)
        .off('end', onEnd)
        .off('error', onError)
        .off('close', onClose);
    };
    body.on('error', ignoreError);
    const onReadable = (): void => {
      const chunk = body.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      resolve(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // Destroyed without an error (an abort): nothing more will come.
    const onClose = (): void => {
      cleanup();
      reject(new Error('the upstream body closed before its first byte'));
    };
    body.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function ignoreError(): void {
  // Reported through `body.errored` or the relay's own listener; see readFirstChunk.
}
