import type { KafkaLogger } from '@gatehouse/kafka';
import { AdaptiveIdleScheduling } from '../runtime/adaptive-idle-scheduling';
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

/** About two seconds of events at 1,000 requests/s; far below the request thread's 50,000 cap. */
const DEFAULT_PROMOTE_ABOVE = 2_000;
const DEFAULT_CALM_BELOW = 500;
const DEFAULT_CALM_MS = 10_000;
const DEFAULT_MAX_CALM_MS = 5 * 60_000;

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
      promoteAbove: options.promoteAbove ?? DEFAULT_PROMOTE_ABOVE,
      calmBelow: options.calmBelow ?? DEFAULT_CALM_BELOW,
      calmMs: options.calmMs ?? DEFAULT_CALM_MS,
      maxCalmMs: options.maxCalmMs ?? DEFAULT_MAX_CALM_MS,
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
