import type { KafkaLogger } from '@gatehouse/kafka';
import { AdaptiveIdleScheduling, type IdleThresholds } from '../runtime/adaptive-idle-scheduling';
import type { SetThreadPolicy } from '../runtime/thread-scheduling';

export interface UsageWorkerSchedulingOptions {
  readonly setPolicy: SetThreadPolicy;
  readonly logger: KafkaLogger;
  /** Events handed over and not yet settled above which the worker is falling behind. */
  readonly promoteAbove?: number;
  /** The backlog must stay at or below this for the calm period before the worker idles again. */
  readonly calmBelow?: number;
  /** First calm period; doubles with each promotion (so a saturated core does not flap), up to `maxCalmMs`. */
  readonly calmMs?: number;
  readonly maxCalmMs?: number;
  readonly now?: () => number;
}

const USAGE_WORKER_THRESHOLDS: IdleThresholds = {
  /** About two seconds of events at 1,000 requests/s; far below the request thread's 50,000 cap. */
  promoteAbove: 2_000,
  calmBelow: 500,
  calmMs: 10_000,
  maxCalmMs: 5 * 60_000,
};

/**
 * Keeps the usage worker out of the request thread's way (ADR 0019): the worker thread runs
 * SCHED_IDLE while it keeps up, and gets normal scheduling (its nice 5 share) back while its
 * backlog — events handed over and not yet settled, observed at each hand-over — is above
 * `promoteAbove` (AdaptiveIdleScheduling).
 *
 * Used only where the probe showed the process may leave SCHED_IDLE again (probeIdleScheduling).
 */
export class UsageWorkerScheduling extends AdaptiveIdleScheduling {
  constructor(options: UsageWorkerSchedulingOptions) {
    super({
      setPolicy: options.setPolicy,
      logger: options.logger,
      now: options.now,
      thresholds: USAGE_WORKER_THRESHOLDS,
      overrides: options,
      labels: {
        pressureField: 'backlog',
        promoted: 'usage worker is behind; it gets normal scheduling until it has caught up',
        cannotLeaveIdle:
          'usage worker could not leave idle scheduling; under full load it may fall behind',
        cannotIdle: 'usage worker could not be set to idle scheduling; it keeps nice 5',
      },
    });
  }

  /** A (new) worker thread started with normal scheduling; it idles at once. */
  attach(tid: number): Promise<void> {
    return this.attachThreads([tid]);
  }
}
