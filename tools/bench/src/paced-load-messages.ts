import type { PacedRun } from './paced-load';

/** What the generator process (paced-load-process.ts) reports to the benchmark driver. */
export type FromPacedLoadProcess =
  | { readonly type: 'measuring' }
  | { readonly type: 'result'; readonly run: PacedRun }
  | { readonly type: 'failed'; readonly message: string };
