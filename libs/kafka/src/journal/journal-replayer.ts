import { describeError } from '../dead-letter';
import type { RecordSender } from '../event-producer';
import type { KafkaLogger } from '../kafka-logger';
import { backoffDelayMs, type RetryPolicy } from '../retry-backoff';
import type { DiskJournal, JournalBatch } from './disk-journal';

/** How replay paces itself. The send itself is the probe: no separate health request. */
export interface ReplayPolicy {
  /** Records per Kafka send, like the batching publisher's batch. */
  batchSize: number;
  /** Wait after a failed send: grows from initial to max, with jitter so replicas spread out. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** How often an idle replayer looks at the journal even without a write notification. */
  idleCheckMs: number;
}

export const DEFAULT_REPLAY_POLICY: ReplayPolicy = {
  batchSize: 500,
  initialDelayMs: 250,
  maxDelayMs: 5_000,
  idleCheckMs: 1_000,
};

export interface JournalReplayerOptions {
  journal: DiskJournal;
  /** The producer (acks = all); a resolved send means every in-sync replica has the batch. */
  sender: RecordSender;
  logger: KafkaLogger;
  policy?: Partial<ReplayPolicy>;
  /** Called whenever a pass finds the journal empty after Kafka took everything. */
  onDrained?: () => void;
}

export interface ReplayerStats {
  readonly consecutiveFailures: number;
  readonly lastError: string | undefined;
}

/**
 * Background loop that re-publishes journaled records in order. The cursor advances only after
 * Kafka acknowledged a batch; if an acknowledgement is lost the batch is sent again, and
 * consumers drop the duplicate by event id (the records keep their key and `event-id` header).
 */
export class JournalReplayer {
  private readonly policy: ReplayPolicy;
  private readonly retry: RetryPolicy;
  private running = false;
  private loop: Promise<void> | undefined;
  private pendingSleep: { finish: () => void; wakeOnWrite: boolean } | undefined;
  private failures = 0;
  private lastError: string | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: JournalReplayerOptions) {
    this.policy = { ...DEFAULT_REPLAY_POLICY, ...options.policy };
    this.retry = {
      maxAttempts: Number.POSITIVE_INFINITY,
      initialDelayMs: this.policy.initialDelayMs,
      multiplier: 2,
      maxDelayMs: this.policy.maxDelayMs,
      jitter: 0.2,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.journal.onWritten(() => this.wake());
    this.loop = this.run();
  }

  /**
   * Cuts an idle wait short, e.g. when new records were journaled. A backoff after a failed
   * send is not cut short: during an outage records are journaled constantly, and waking on
   * each would turn the backoff into a busy retry against a dead broker.
   */
  wake(): void {
    if (this.pendingSleep?.wakeOnWrite) this.pendingSleep.finish();
  }

  /** Lets an in-flight send finish (and commit if acknowledged), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.pendingSleep?.finish();
    await this.loop;
  }

  stats(): ReplayerStats {
    return { consecutiveFailures: this.failures, lastError: this.lastError };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let progressed: boolean;
      try {
        progressed = await this.replayOnce();
      } catch (error) {
        this.noteFailure(error);
        await this.sleep(backoffDelayMs(this.retry, this.failures), false);
        continue;
      }
      if (this.failures > 0) {
        this.options.logger.info(
          { afterFailures: this.failures },
          'journal replay: Kafka acknowledges again',
        );
        this.failures = 0;
        this.lastError = undefined;
      }
      if (progressed) continue;
      if (this.options.journal.isDrained()) this.options.onDrained?.();
      await this.sleep(this.policy.idleCheckMs, true);
    }
  }

  /** One step: the next disk batch, else records the disk refused. False when there was nothing. */
  private async replayOnce(): Promise<boolean> {
    const { journal, sender } = this.options;
    const batch: JournalBatch | undefined = await journal.readBatch(this.policy.batchSize);
    if (batch !== undefined) {
      if (batch.records.length > 0) await sender.sendRecords(batch.records);
      await journal.commit(batch);
      return true;
    }
    const sent = await journal.sendUnwritten(
      (records) => sender.sendRecords(records),
      this.policy.batchSize,
    );
    return sent > 0;
  }

  private noteFailure(error: unknown): void {
    this.failures += 1;
    this.lastError = describeError(error);
    // The first failure and then every tenth: an outage of minutes stays readable in the log.
    if (this.failures === 1 || this.failures % 10 === 0) {
      this.options.logger.warn(
        { failures: this.failures, err: this.lastError },
        'journal replay: Kafka did not take the batch; retrying with backoff',
      );
    }
  }

  private sleep(ms: number, wakeOnWrite: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const handle = setTimeout(finish, ms);
      handle.unref();
      this.pendingSleep = { finish, wakeOnWrite };
      function finish(): void {
        clearTimeout(handle);
        resolve();
      }
    }).finally(() => {
      this.pendingSleep = undefined;
    });
  }
}
