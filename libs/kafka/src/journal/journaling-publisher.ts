import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';
import { BatchingPublisher, type BatchingPolicy, type FlushTimer } from '../batching-publisher';
import { encodeEvent, type EncodeOptions, type OutgoingRecord } from '../event-encoding';
import type { RecordSender } from '../event-producer';
import { KafkaError, KafkaErrorCode } from '../kafka-error';
import type { KafkaLogger } from '../kafka-logger';
import type { HealthResult } from '../kafka-health';
import { DiskJournal, type DiskJournalOptions, type DiskJournalStats } from './disk-journal';
import { JournalReplayer, type ReplayPolicy } from './journal-replayer';

/**
 * `direct`: events go through the batching publisher to Kafka.
 * `journal`: Kafka failed; events go to the disk journal until the replayer has drained it.
 */
export type PublishMode = 'direct' | 'journal';

export interface JournalingPublisherOptions {
  /** The producer; its sends must resolve only after acks = all (EventProducer does). */
  sender: RecordSender;
  logger: KafkaLogger;
  journal: Omit<DiskJournalOptions, 'logger'>;
  batching?: Partial<BatchingPolicy>;
  replay?: Partial<ReplayPolicy>;
  timer?: FlushTimer;
}

export interface JournalingPublisherStats extends DiskJournalStats {
  readonly mode: PublishMode;
  /** Events waiting in the batching buffer for a direct send. */
  readonly buffered: number;
  /** Failed replay sends in a row; 0 while Kafka acknowledges. */
  readonly replayFailures: number;
  readonly lastReplayError: string | undefined;
}

/**
 * The proxy's usage-event publisher: never fails or blocks a request because Kafka is down.
 *
 * Normally it is a BatchingPublisher. When a send fails (or the buffer overflows) the records go
 * to the disk journal and the publisher switches to journal mode: new events, and batches still
 * in the buffer, go straight to the journal instead of waiting for a dead broker in memory.
 * A background replayer re-sends the journal in order and, once it is empty, switches back.
 * Routing new events through the journal while it is not empty keeps them behind older ones.
 */
export class JournalingPublisher {
  private currentMode: PublishMode;
  private closed = false;
  private readonly batching: BatchingPublisher;
  private readonly replayer: JournalReplayer;

  private constructor(
    private readonly options: JournalingPublisherOptions,
    private readonly journal: DiskJournal,
  ) {
    this.currentMode = journal.isDrained() ? 'direct' : 'journal';
    const divertingSender: RecordSender = {
      sendRecords: (records) =>
        this.currentMode === 'journal'
          ? Promise.reject(
              new KafkaError(
                KafkaErrorCode.PUBLISH_FAILED,
                'Kafka is being recovered from the journal; the batch joins the journal to keep order.',
              ),
            )
          : options.sender.sendRecords(records),
    };
    this.batching = new BatchingPublisher({
      sender: divertingSender,
      logger: options.logger,
      policy: options.batching,
      timer: options.timer,
      onUndelivered: (records, error) => this.toJournal(records, error),
    });
    this.replayer = new JournalReplayer({
      journal,
      sender: options.sender,
      logger: options.logger,
      policy: options.replay,
      onDrained: () => this.journalDrained(),
    });
  }

  /** Opens (and locks) the journal directory and starts replaying what an earlier run left. */
  static async open(options: JournalingPublisherOptions): Promise<JournalingPublisher> {
    const journal = await DiskJournal.open({ ...options.journal, logger: options.logger });
    const publisher = new JournalingPublisher(options, journal);
    publisher.replayer.start();
    return publisher;
  }

  get mode(): PublishMode {
    return this.currentMode;
  }

  /**
   * Validates synchronously (a malformed event throws here, unless `validation: 'trusted'`, see
   * `EventValidation`) and returns at once.
   */
  publish<D extends AnyEventDefinition>(def: D, event: EventOf<D>, options?: EncodeOptions): void {
    this.assertOpen();
    this.publishRecord(encodeEvent(def, event, options));
  }

  /**
   * Publishes a record encoded elsewhere (`encodeEvent`, or by the thread that built the event),
   * as given and without validation; to Kafka or the journal like `publish`. For the callers ADR
   * 0011 allows to skip the schema parse (the proxy's usage worker); everything else uses `publish`.
   */
  publishRecord(record: OutgoingRecord): void {
    this.assertOpen();
    if (this.currentMode === 'journal') this.journal.append([record]);
    else this.batching.publishRecord(record);
  }

  private assertOpen(): void {
    if (this.closed)
      throw new KafkaError(
        KafkaErrorCode.CLOSED,
        'The journaling publisher is closed; publish before shutdown starts.',
      );
  }

  /**
   * Resolves once every event published before the call is in Kafka (acks = all) or written to
   * the journal file (fsynced on the journal's own schedule), so a caller holding copies may drop
   * them. Sends the buffer now instead of after the linger. Events the disk refuses stay in
   * memory and make the journal report itself degraded.
   */
  async settle(): Promise<void> {
    await this.batching.flush();
    await this.journal.write();
  }

  /** Sends the buffer (to Kafka or the journal) and writes and fsyncs the journal. */
  async flush(): Promise<void> {
    await this.batching.flush();
    await this.journal.flush();
  }

  /**
   * For SIGTERM: refuses new events, sends the buffer to Kafka or, if Kafka is down, to the
   * journal, lets an in-flight replay batch finish, then fsyncs and unlocks the journal. What
   * is still journaled is replayed by the next process that opens the directory.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batching.close();
    await this.replayer.stop();
    await this.journal.close();
  }

  stats(): JournalingPublisherStats {
    const replay = this.replayer.stats();
    return {
      ...this.journal.stats(),
      mode: this.currentMode,
      buffered: this.batching.bufferedCount,
      replayFailures: replay.consecutiveFailures,
      lastReplayError: replay.lastError,
    };
  }

  /**
   * Not ready only when events are being lost or the disk refuses them: Kafka being down alone
   * is what the journal is for, and must not take the proxy out of rotation.
   */
  health(): HealthResult {
    const stats = this.stats();
    const summary =
      `usage journal: mode ${stats.mode}, ${stats.pendingBytes} bytes pending, ` +
      `${stats.memoryRecords} in memory, ${stats.dropped} dropped`;
    if (stats.degraded !== undefined) return { ok: false, detail: `${summary}; ${stats.degraded}` };
    return { ok: true, detail: summary };
  }

  private toJournal(records: readonly OutgoingRecord[], error: KafkaError): void {
    this.journal.append(records);
    if (this.currentMode === 'journal') return;
    this.currentMode = 'journal';
    this.options.logger.warn(
      { code: error.code, err: error.message, count: records.length },
      'kafka unavailable: usage events go to the disk journal until it is replayed',
    );
    this.replayer.wake();
  }

  private journalDrained(): void {
    if (this.currentMode === 'direct') return;
    this.currentMode = 'direct';
    this.options.logger.info(
      {},
      'usage event journal replayed; publishing directly to kafka again',
    );
  }
}
