import {
  backoffDelayMs,
  type KafkaLogger,
  type OutgoingRecord,
  type RecordSender,
  type RetryPolicy,
} from '@gatehouse/kafka';
import type { DataSource, QueryRunner } from 'typeorm';
import { schemaOf } from '../database/auth-data-source';
import { OutboxError, OutboxErrorCode } from './outbox-error';
import { OutboxWakeups } from './outbox-wakeups';
import { outboxChannel } from './outbox-writer';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** `EventProducer` in production (idempotent, acks=all); tests inject failing senders. */
  sender: RecordSender;
  logger: KafkaLogger;
  /** Rows per Kafka batch. */
  batchSize?: number;
  /** Poll interval when the outbox is empty and no NOTIFY arrives. */
  pollIntervalMs?: number;
  /** Backoff after a failed publish; retries never end, rows stay until Kafka takes them. */
  retry?: Omit<RetryPolicy, 'maxAttempts'>;
  /** Published rows older than this are deleted. */
  retentionMs?: number;
  pruneIntervalMs?: number;
  /** Connection string for LISTEN/NOTIFY wake-ups; polling only when absent. */
  listenUrl?: string;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

const DEFAULT_RETRY: Omit<RetryPolicy, 'maxAttempts'> = {
  initialDelayMs: 200,
  multiplier: 2,
  maxDelayMs: 10_000,
  jitter: 0.2,
};

/**
 * Locks the oldest unpublished rows and skips rows another relay holds (several auth replicas
 * share the outbox). A locked row is left out when an earlier unpublished row with the same
 * topic and key is outside this batch, i.e. held by another replica: publishing it now could
 * overtake that row, and events of one key must reach Kafka in outbox order.
 */
const CLAIM_BATCH = `
  WITH batch AS (
    SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
  )
  SELECT o.id, o.topic, o.key, o.payload, o.headers
  FROM outbox o JOIN batch b ON b.id = o.id
  WHERE NOT EXISTS (
    SELECT 1 FROM outbox earlier
    WHERE earlier.published_at IS NULL AND earlier.topic = o.topic AND earlier.key = o.key
      AND earlier.id < o.id AND earlier.id NOT IN (SELECT id FROM batch)
  )
  ORDER BY o.id`;

/**
 * Publishes outbox rows to Kafka in id order and stamps them published in the same database
 * transaction that locked them, after Kafka acknowledged. A crash between the ack and the
 * commit republishes the batch: delivery is at-least-once and consumers deduplicate by event id.
 * A failed publish rolls back, so the rows stay unpublished and go out first on the next try.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retry: RetryPolicy;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;
  private readonly wakeups: OutboxWakeups | undefined;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pendingWake = false;
  private lastPruneAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.retry = { maxAttempts: Number.POSITIVE_INFINITY, ...(options.retry ?? DEFAULT_RETRY) };
    this.retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60 * 1000;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60_000;
    this.wakeups =
      options.listenUrl === undefined
        ? undefined
        : new OutboxWakeups({
            url: options.listenUrl,
            channel: outboxChannel(schemaOf(options.dataSource)),
            logger: options.logger,
          });
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Starts the background loop; returns once LISTEN is set up (or has failed, harmlessly). */
  async start(): Promise<void> {
    if (this.state !== 'idle') {
      throw new OutboxError(
        OutboxErrorCode.RELAY_STATE,
        `outbox relay cannot start when ${this.state}`,
      );
    }
    this.state = 'running';
    await this.wakeups
      ?.start(() => this.nudge())
      .catch((error: unknown) => {
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'outbox LISTEN unavailable; relay polls only',
        );
      });
    this.loop = this.run();
  }

  /** Finishes the batch in flight (its transaction commits or rolls back), then stops. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.nudge();
    await this.loop;
    await this.wakeups?.stop();
  }

  /**
   * Publishes one batch. Returns how many rows were published; throws when Kafka refused the
   * batch (the rows stay unpublished).
   */
  async publishPending(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const published = await this.publishLockedBatch(runner);
      await runner.commitTransaction();
      return published;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Deletes published rows older than the retention; returns how many went. */
  async prunePublished(retentionMs: number = this.retentionMs): Promise<number> {
    const result: [unknown[], number] = await this.options.dataSource.query(
      `DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - ($1::bigint * interval '1 millisecond')`,
      [retentionMs],
    );
    return result[1];
  }

  private async publishLockedBatch(runner: QueryRunner): Promise<number> {
    const rows: OutboxRow[] = await runner.query(CLAIM_BATCH, [this.batchSize]);
    if (rows.length === 0) return 0;
    await this.options.sender.sendRecords(rows.map(toRecord));
    await runner.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
      rows.map((row) => row.id),
    ]);
    return rows.length;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.state === 'running') {
      let delayMs = this.pollIntervalMs;
      try {
        const published = await this.publishPending();
        failures = 0;
        // A full batch means more may be waiting: go again at once.
        if (published === this.batchSize) delayMs = 0;
        await this.pruneWhenDue();
      } catch (error) {
        failures += 1;
        delayMs = backoffDelayMs(this.retry, failures);
        this.options.logger.error(
          {
            err: error instanceof Error ? error.message : String(error),
            failures,
            retryInMs: delayMs,
          },
          'outbox relay could not publish; rows stay queued',
        );
      }
      if (delayMs > 0) await this.sleep(delayMs, failures === 0);
    }
  }

  private async pruneWhenDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < this.pruneIntervalMs) return;
    this.lastPruneAt = now;
    const pruned = await this.prunePublished();
    if (pruned > 0) this.options.logger.debug({ pruned }, 'outbox pruned published rows');
  }

  /** Waits for the delay, or less when a NOTIFY arrives (unless backing off) or stop() is called. */
  private sleep(delayMs: number, wakeOnNotify: boolean): Promise<void> {
    if (wakeOnNotify && this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, delayMs);
      const wake = (): void => {
        if (wakeOnNotify || this.state !== 'running') done();
      };
      this.wake = wake;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wake = undefined;
      this.pendingWake = false;
    });
  }

  private nudge(): void {
    if (this.wake === undefined) this.pendingWake = true;
    else this.wake();
  }
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return {
    topic: row.topic,
    key: row.key,
    value: JSON.stringify(row.payload),
    headers: row.headers,
  };
}
