/**
 * The paced load generator's own process (forked by measure-paced-load.ts). It loads nothing but
 * undici and the generator, so its heap stays small and its garbage collections short: a
 * generator that shares the benchmark driver's heap paused for a major GC of ~0.4 s of CPU every
 * ~10 s, and every request in flight meanwhile was timed as slow, whatever the target.
 */
import { generatePacedLoad, type PacedLoad } from './paced-load';
import type { FromPacedLoadProcess } from './paced-load-messages';

function send(message: FromPacedLoadProcess): void {
  process.send?.(message);
}

process.once('message', (load: PacedLoad) => {
  generatePacedLoad(load, send)
    .then((runs) => send({ type: 'result', runs }))
    .catch((error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => process.disconnect());
});
