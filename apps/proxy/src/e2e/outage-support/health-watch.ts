import { journalDetailFromReadyz, type JournalDetail } from './journal-detail';

export interface HealthProblem {
  readonly path: '/healthz' | '/readyz';
  readonly atMs: number;
  readonly problem: string;
}

export interface HealthReport {
  readonly probes: number;
  readonly problems: readonly HealthProblem[];
  /** Largest journal backlog `/readyz` reported; above zero proves events were journaled. */
  readonly maxPendingBytes: number;
  readonly sawJournalMode: boolean;
  readonly maxDropped: number;
}

export interface HealthWatch {
  stop(): Promise<HealthReport>;
}

/**
 * Probes `/healthz` and `/readyz` every `intervalMs` for as long as the test runs, the way a load
 * balancer would: any non-200 answer or timeout is a moment the proxy was out of rotation. It also
 * records the journal state `/readyz` carries.
 */
export function watchHealth(proxyUrl: string, intervalMs = 250): HealthWatch {
  const started = Date.now();
  const problems: HealthProblem[] = [];
  let probes = 0;
  let maxPendingBytes = 0;
  let sawJournalMode = false;
  let maxDropped = 0;
  let running = true;

  const probe = async (path: HealthProblem['path']): Promise<unknown> => {
    try {
      const response = await fetch(`${proxyUrl}${path}`, { signal: AbortSignal.timeout(2_000) });
      const body: unknown = await response.json();
      if (response.status !== 200) {
        problems.push({
          path,
          atMs: Date.now() - started,
          problem: `${response.status} ${JSON.stringify(body)}`,
        });
      }
      return body;
    } catch (error) {
      problems.push({ path, atMs: Date.now() - started, problem: (error as Error).message });
      return undefined;
    }
  };

  const record = (detail: JournalDetail | undefined): void => {
    if (detail === undefined) return;
    maxPendingBytes = Math.max(maxPendingBytes, detail.pendingBytes);
    maxDropped = Math.max(maxDropped, detail.dropped);
    sawJournalMode ||= detail.mode === 'journal';
  };

  const loop = (async () => {
    while (running) {
      probes += 1;
      const [, readyz] = await Promise.all([probe('/healthz'), probe('/readyz')]);
      record(journalDetailFromReadyz(readyz));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      return { probes, problems, maxPendingBytes, sawJournalMode, maxDropped };
    },
  };
}
