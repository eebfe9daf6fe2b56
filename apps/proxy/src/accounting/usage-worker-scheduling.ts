import type { KafkaLogger } from '@gatehouse/kafka';
import type { SetThreadPolicy, ThreadPolicy } from './thread-scheduling';

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
 * SCHED_IDLE, so a request that arrives while it encodes or compresses a batch takes the core at
 * once instead of waiting out the worker's time slice. A thread that only gets idle time can fall
 * behind on a saturated core (or one busy with other processes), so when its backlog passes
 * `promoteAbove` it gets normal scheduling (its nice 5 share) back, and idles again after the
 * backlog stayed small for the calm period.
 *
 * Used only where the probe showed the process may leave SCHED_IDLE again (probeIdleScheduling).
 */
export class UsageWorkerScheduling {
  private tid: number | undefined;
  private policy: ThreadPolicy = 'normal';
  /** The policy change under way; one at a time. */
  private changing: Promise<void> | undefined;
  private broken = false;
  private calmSince = 0;
  private calmMs: number;
  private readonly promoteAbove: number;
  private readonly calmBelow: number;
  private readonly maxCalmMs: number;
  private readonly now: () => number;

  constructor(private readonly options: UsageWorkerSchedulingOptions) {
    this.promoteAbove = options.promoteAbove ?? DEFAULT_PROMOTE_ABOVE;
    this.calmBelow = options.calmBelow ?? DEFAULT_CALM_BELOW;
    this.calmMs = options.calmMs ?? DEFAULT_CALM_MS;
    this.maxCalmMs = options.maxCalmMs ?? DEFAULT_MAX_CALM_MS;
    this.now = options.now ?? Date.now;
  }

  /** A (new) worker thread started with normal scheduling; it idles at once. */
  attach(tid: number): Promise<void> {
    this.tid = tid;
    this.policy = 'normal';
    return this.change('idle', { backlog: 0 });
  }

  /** The worker stopped; its replacement is attached when it is up. */
  detach(): void {
    this.tid = undefined;
  }

  /** Called with the backlog at each hand-over; cheap unless the policy has to change. */
  observe(backlog: number): void {
    if (backlog > this.calmBelow) this.calmSince = this.now();
    if (this.policy === 'idle' && backlog > this.promoteAbove)
      void this.change('normal', { backlog });
    else if (this.policy === 'normal' && this.now() - this.calmSince >= this.calmMs)
      void this.change('idle', { backlog });
  }

  /** Normal scheduling for the worker's last flush, so other load cannot starve it at shutdown. */
  async normal(): Promise<void> {
    await this.changing;
    await this.change('normal', { backlog: undefined });
  }

  private change(policy: ThreadPolicy, context: { backlog: number | undefined }): Promise<void> {
    const tid = this.tid;
    if (tid === undefined || this.broken || this.changing || this.policy === policy)
      return Promise.resolve();
    this.changing = this.apply(tid, policy, context).finally(() => (this.changing = undefined));
    return this.changing;
  }

  private async apply(
    tid: number,
    policy: ThreadPolicy,
    context: { backlog: number | undefined },
  ): Promise<void> {
    try {
      await this.options.setPolicy(tid, policy);
      if (tid !== this.tid) return;
      this.policy = policy;
      this.calmSince = this.now();
      if (policy === 'normal' && context.backlog !== undefined) {
        this.calmMs = Math.min(this.calmMs * 2, this.maxCalmMs);
        this.options.logger.info(
          { backlog: context.backlog, nextCalmMs: this.calmMs },
          'usage worker is behind; it gets normal scheduling until it has caught up',
        );
      }
    } catch (error) {
      this.broken = true;
      this.options.logger.error(
        { tid, policy, err: (error as Error).message },
        policy === 'normal'
          ? 'usage worker could not leave idle scheduling; under full load it may fall behind'
          : 'usage worker could not be set to idle scheduling; it keeps nice 5',
      );
    }
  }
}
