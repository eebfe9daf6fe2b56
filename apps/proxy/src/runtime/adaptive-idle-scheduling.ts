import type { KafkaLogger } from '@gatehouse/kafka';
import type { SetThreadPolicy, ThreadPolicy } from './thread-scheduling';

/** What one user of the controller calls its threads and its load figure, for the log. */
export interface AdaptiveIdleSchedulingLabels {
  /** Log field that carries the load figure, e.g. `backlog`. */
  readonly pressureField: string;
  /** Logged (info) on each promotion. */
  readonly promoted: string;
  /** Logged (error) when a thread cannot be given normal scheduling back. */
  readonly cannotLeaveIdle: string;
  /** Logged (error) when a thread cannot be made idle. */
  readonly cannotIdle: string;
}

/** When the threads are promoted and when they idle again. */
export interface IdleThresholds {
  /** Load above which the threads are falling behind and get normal scheduling. */
  readonly promoteAbove: number;
  /** The load must stay at or below this for the calm period before the threads idle again. */
  readonly calmBelow: number;
  /** First calm period; doubles with each promotion (so a saturated core does not flap), up to `maxCalmMs`. */
  readonly calmMs: number;
  readonly maxCalmMs: number;
}

export interface AdaptiveIdleSchedulingOptions {
  readonly setPolicy: SetThreadPolicy;
  readonly logger: KafkaLogger;
  readonly labels: AdaptiveIdleSchedulingLabels;
  /** The user's thresholds; `overrides` (tests, tuning) replace the ones they set. */
  readonly thresholds: IdleThresholds;
  readonly overrides?: Partial<IdleThresholds>;
  readonly now?: () => number;
}

/**
 * Keeps some threads of this process out of the request thread's way: they run SCHED_IDLE, so a
 * request that arrives while one of them works takes the core at once instead of waiting out that
 * thread's time slice. A thread that only gets idle time can fall behind on a saturated core (or
 * one busy with other processes), so when the load figure the owner observes passes
 * `promoteAbove` the threads get normal scheduling back, and idle again after the figure stayed at
 * or below `calmBelow` for the calm period. Used for the usage worker (ADR 0019) and Node's helper
 * threads (ADR 0022), only where probeIdleScheduling showed the process may leave SCHED_IDLE again.
 */
export class AdaptiveIdleScheduling {
  private tids: readonly number[] = [];
  private policy: ThreadPolicy = 'normal';
  /** The policy change under way; one at a time. */
  private changing: Promise<void> | undefined;
  private broken = false;
  private calmSince = 0;
  private calmMs: number;
  private readonly thresholds: IdleThresholds;
  private readonly now: () => number;

  constructor(private readonly options: AdaptiveIdleSchedulingOptions) {
    const { thresholds, overrides = {} } = options;
    this.thresholds = {
      promoteAbove: overrides.promoteAbove ?? thresholds.promoteAbove,
      calmBelow: overrides.calmBelow ?? thresholds.calmBelow,
      calmMs: overrides.calmMs ?? thresholds.calmMs,
      maxCalmMs: overrides.maxCalmMs ?? thresholds.maxCalmMs,
    };
    this.calmMs = this.thresholds.calmMs;
    this.now = options.now ?? Date.now;
  }

  /** (New) threads, started with normal scheduling; they idle at once. */
  attachThreads(tids: readonly number[]): Promise<void> {
    this.tids = [...tids];
    this.policy = 'normal';
    return this.change('idle', undefined);
  }

  /** The threads are gone; their replacements are attached when they are up. */
  detach(): void {
    this.tids = [];
  }

  /** Called with the current load figure; cheap unless the policy has to change. */
  observe(pressure: number): void {
    if (pressure > this.thresholds.calmBelow) this.calmSince = this.now();
    if (this.policy === 'idle' && pressure > this.thresholds.promoteAbove)
      void this.change('normal', pressure);
    else if (this.policy === 'normal' && this.now() - this.calmSince >= this.calmMs)
      void this.change('idle', pressure);
  }

  /**
   * Normal scheduling now, e.g. for a worker's last flush that other load must not starve; a later
   * `observe` may idle the threads again after the calm period.
   */
  async normal(): Promise<void> {
    await this.changing;
    await this.change('normal', undefined);
  }

  private change(policy: ThreadPolicy, pressure: number | undefined): Promise<void> {
    const tids = this.tids;
    if (tids.length === 0 || this.broken || this.changing || this.policy === policy)
      return Promise.resolve();
    this.changing = this.apply(tids, policy, pressure).finally(() => (this.changing = undefined));
    return this.changing;
  }

  private async apply(
    tids: readonly number[],
    policy: ThreadPolicy,
    pressure: number | undefined,
  ): Promise<void> {
    const { labels, logger } = this.options;
    for (const tid of tids) {
      try {
        await this.options.setPolicy(tid, policy);
      } catch (error) {
        this.broken = true;
        logger.error(
          { tid, policy, err: (error as Error).message },
          policy === 'normal' ? labels.cannotLeaveIdle : labels.cannotIdle,
        );
        return;
      }
    }
    if (tids !== this.tids) return;
    this.policy = policy;
    this.calmSince = this.now();
    if (policy === 'normal' && pressure !== undefined) {
      this.calmMs = Math.min(this.calmMs * 2, this.thresholds.maxCalmMs);
      logger.info({ [labels.pressureField]: pressure, nextCalmMs: this.calmMs }, labels.promoted);
    }
  }
}
