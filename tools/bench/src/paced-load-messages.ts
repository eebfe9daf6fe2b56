import type { PacedRoundEvent, PacedRun } from './paced-load';

/** What the generator process (paced-load-process.ts) reports to the benchmark driver. */
export type FromPacedLoadProcess =
  | PacedRoundEvent
  | { readonly type: 'result'; readonly runs: PacedRun[] }
  | { readonly type: 'failed'; readonly message: string };
