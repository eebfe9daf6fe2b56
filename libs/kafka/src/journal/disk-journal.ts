import { describeError } from '../dead-letter';
import type { OutgoingRecord } from '../event-encoding';
import type { KafkaLogger } from '../kafka-logger';
import { JournalAlarmKind, JournalAlarms, type JournalAlarmHandler } from './journal-alarms';
import { readCursor, writeCursor, type JournalPosition } from './journal-cursor';
import { JournalError, JournalErrorCode } from './journal-error';
import {
  nodeJournalFileSystem,
  type JournalFileHandle,
  type JournalFileSystem,
} from './journal-file-system';
import { acquireJournalLock } from './journal-lock';
import { encodeJournalLine, parseJournalChunk } from './journal-record';
import { parseSegmentFileName, segmentPath } from './journal-segments';

export interface DiskJournalOptions {
  /** One directory per process, e.g. `.gatehouse/proxy-journal`; it is locked while open. */
  directory: string;
  logger: KafkaLogger;
  fs?: JournalFileSystem;
  /** A segment is closed and a new one started once it reaches this size. */
  maxSegmentBytes?: number;
  /** Bound on all segment files together; above it events wait in memory. */
  maxTotalBytes?: number;
  /** Bound on events accepted but not on disk; above it events are dropped and counted. */
  maxMemoryRecords?: number;
  /**
   * fsync at most this long after a write; 0 syncs after every write batch. This is the window
   * in which journaled events can be lost to a power cut or kernel crash (not to a process
   * crash: written bytes are in the page cache).
   */
  syncIntervalMs?: number;
  /** How long to wait before writing again after the disk refused a write or the bound was hit. */
  writeRetryMs?: number;
  onAlarm?: JournalAlarmHandler;
}

export const DEFAULT_JOURNAL_LIMITS = {
  maxSegmentBytes: 16 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxMemoryRecords: 100_000,
  syncIntervalMs: 20,
  writeRetryMs: 1_000,
} as const;

/** Records read from the journal and the position to commit once Kafka acknowledged them. */
export interface JournalBatch {
  readonly records: readonly OutgoingRecord[];
  readonly position: JournalPosition;
}

export interface DiskJournalStats {
  /** Bytes on disk not replayed yet. */
  readonly pendingBytes: number;
  /** Size of all segment files, the figure bounded by maxTotalBytes. */
  readonly diskBytes: number;
  readonly segments: number;
  /** Events accepted but not on disk (being written, or refused by a full or failing disk). */
  readonly memoryRecords: number;
  /** Events written to a segment. */
  readonly journaled: number;
  /** Events acknowledged by Kafka after replay (from disk or, when the disk failed, from memory). */
  readonly replayed: number;
  /** Events lost because every bound was reached; never silent, always logged and alarmed. */
  readonly dropped: number;
  /** Torn or corrupt lines skipped while replaying. */
  readonly corruptSkipped: number;
  /** Why the disk does not take writes right now; undefined when healthy. */
  readonly degraded: string | undefined;
}

interface Segment {
  readonly sequence: number;
  size: number;
}

interface ActiveSegment {
  readonly segment: Segment;
  readonly handle: JournalFileHandle;
  unsynced: boolean;
}

interface QueuedRecord {
  readonly record: OutgoingRecord;
  readonly line: Buffer;
}

type JournalLimits = { -readonly [K in keyof typeof DEFAULT_JOURNAL_LIMITS]: number };

const MAX_WRITE_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Append-only, segmented, checksummed journal of records Kafka could not take. `append` never
 * throws and never blocks: records are queued in memory and written in batches by one writer;
 * the replayer reads them back in order and commits a cursor after Kafka acknowledged them.
 * All disk mutations (writes, syncs, segment retirement, cursor writes) run on one serial
 * chain, so they never interleave. Format and policies: docs/adr/0009.
 */
export class DiskJournal {
  private readonly limits: JournalLimits;
  private readonly alarms: JournalAlarms;
  private readonly listeners = new Set<() => void>();
  private queue: QueuedRecord[] = [];
  private active: ActiveSegment | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private pumpQueued = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private journaled = 0;
  private replayed = 0;
  private dropped = 0;
  private corruptSkipped = 0;
  private diskBytes: number;

  private constructor(
    private readonly options: DiskJournalOptions,
    private readonly fs: JournalFileSystem,
    private readonly releaseLock: () => Promise<void>,
    private readonly segments: Segment[],
    private cursor: JournalPosition,
    private nextSequence: number,
  ) {
    this.limits = { ...DEFAULT_JOURNAL_LIMITS };
    for (const key of Object.keys(DEFAULT_JOURNAL_LIMITS) as (keyof JournalLimits)[]) {
      const value = options[key];
      if (value !== undefined) this.limits[key] = value;
    }
    this.alarms = new JournalAlarms(options.logger, options.onAlarm);
    this.diskBytes = segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  /** Locks the directory, finds the segments and the cursor, and drops fully replayed segments. */
  static async open(options: DiskJournalOptions): Promise<DiskJournal> {
    const fs = options.fs ?? nodeJournalFileSystem;
    const { directory, logger } = options;
    try {
      await fs.ensureDirectory(directory);
    } catch (error) {
      throw new JournalError(
        JournalErrorCode.OPEN_FAILED,
        `Could not create the journal directory ${directory} (${describeError(error)}).`,
        { cause: error },
      );
    }
    const releaseLock = await acquireJournalLock(fs, directory);
    try {
      const segments: Segment[] = [];
      for (const name of await fs.list(directory)) {
        const sequence = parseSegmentFileName(name);
        if (sequence === undefined) continue;
        segments.push({ sequence, size: await fs.size(segmentPath(directory, sequence)) });
      }
      segments.sort((a, b) => a.sequence - b.sequence);
      const stored = await readCursor(fs, directory);
      if (stored.kind === 'unreadable') {
        // Replaying everything again costs duplicates, which consumers drop by event id;
        // guessing a position could lose events.
        logger.error(
          { directory, detail: stored.detail },
          'journal cursor unreadable; replaying the journal from its first segment',
        );
      }
      const cursor = stored.kind === 'found' ? stored.position : { segment: 0, offset: 0 };
      const lastSequence = segments.at(-1)?.sequence ?? -1;
      const journal = new DiskJournal(
        options,
        fs,
        releaseLock,
        segments,
        cursor,
        Math.max(lastSequence + 1, cursor.segment),
      );
      await journal.serial(() => journal.retireReplayedSegments());
      const stats = journal.stats();
      if (stats.pendingBytes > 0) {
        logger.warn(
          { directory, pendingBytes: stats.pendingBytes, segments: stats.segments },
          'journal holds events from an earlier run; they will be replayed to Kafka',
        );
      }
      return journal;
    } catch (error) {
      await releaseLock();
      if (error instanceof JournalError) throw error;
      throw new JournalError(
        JournalErrorCode.OPEN_FAILED,
        `Could not read the journal directory ${directory} (${describeError(error)}).`,
        { cause: error },
      );
    }
  }

  /** Queues records for the disk. Never throws: beyond the memory bound they are dropped, loudly. */
  append(records: readonly OutgoingRecord[]): void {
    if (records.length === 0) return;
    if (this.closed) {
      this.drop(records.length, 'the journal is closed');
      return;
    }
    let refused = 0;
    for (const record of records) {
      if (this.queue.length >= this.limits.maxMemoryRecords) {
        refused += 1;
        continue;
      }
      this.queue.push({ record, line: encodeJournalLine(record) });
    }
    if (refused > 0) {
      const reason = this.alarms.current?.detail ?? 'the disk is not keeping up';
      this.drop(
        refused,
        `${this.limits.maxMemoryRecords} events already wait in memory; ${reason}`,
      );
    }
    this.schedulePump();
  }

  /**
   * The next records after the cursor, up to `maxRecords`. A batch may hold no records when it
   * only skips a torn tail or a finished segment; commit it all the same. Undefined when
   * everything on disk has been read.
   */
  async readBatch(maxRecords: number): Promise<JournalBatch | undefined> {
    const segment = this.segments.find((s) => s.sequence >= this.cursor.segment);
    if (segment === undefined) return undefined;
    const offset = segment.sequence === this.cursor.segment ? this.cursor.offset : 0;
    const end = segment.size;
    if (offset >= end) {
      if (this.active?.segment === segment) return undefined;
      return { records: [], position: { segment: segment.sequence, offset: end } };
    }
    const path = segmentPath(this.options.directory, segment.sequence);
    for (let length = READ_CHUNK_BYTES; ; length *= 2) {
      const chunk = await this.fs.read(path, offset, Math.min(length, end - offset));
      const parsed = parseJournalChunk(chunk, offset, maxRecords);
      this.noteCorrupt(parsed.corruptLines, segment.sequence);
      if (parsed.consumedBytes > 0) {
        return {
          records: parsed.entries.map((entry) => entry.record),
          position: { segment: segment.sequence, offset: offset + parsed.consumedBytes },
        };
      }
      if (offset + chunk.length >= end) {
        // Bytes after the last newline of a closed segment: a write torn by a crash. The
        // active segment never gets here, its size only counts whole written batches.
        this.noteCorrupt(1, segment.sequence);
        return { records: [], position: { segment: segment.sequence, offset: end } };
      }
    }
  }

  /** Moves the cursor past a batch Kafka acknowledged, deletes finished segments, persists it. */
  async commit(batch: JournalBatch): Promise<void> {
    this.cursor = batch.position;
    this.replayed += batch.records.length;
    await this.serial(async () => {
      await this.retireReplayedSegments();
      await this.persistCursor();
    });
  }

  /**
   * When the disk refuses writes, Kafka may still be back: hands the oldest in-memory records
   * to `send` and forgets them once it resolved. Only after the disk part is replayed, so Kafka
   * receives records in journal order. Returns how many were sent.
   */
  sendUnwritten(
    send: (records: readonly OutgoingRecord[]) => Promise<void>,
    maxRecords: number,
  ): Promise<number> {
    return this.serial(async () => {
      if (this.alarms.current === undefined || this.queue.length === 0) return 0;
      if (this.pendingBytes() > 0) return 0;
      const batch = this.queue.slice(0, maxRecords);
      await send(batch.map((queued) => queued.record));
      this.queue.splice(0, batch.length);
      this.replayed += batch.length;
      return batch.length;
    });
  }

  /** True when nothing waits on disk or in memory. */
  isDrained(): boolean {
    return this.queue.length === 0 && this.pendingBytes() === 0;
  }

  /** Called after records reached the disk, so the replayer can wake up. */
  onWritten(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes what is queued, without waiting for the fsync (it follows on `syncIntervalMs`): what
   * it wrote survives the end of this thread or process, not yet a power cut. Records the disk
   * refuses stay in memory (the journal reports itself degraded then).
   */
  async write(): Promise<void> {
    await this.serial(() => this.pump());
  }

  /** Writes what is queued and fsyncs; records the disk refuses stay in memory. */
  async flush(): Promise<void> {
    await this.serial(() => this.pump());
    await this.serial(() => this.syncActive());
  }

  /** Writes and fsyncs what it can, persists the cursor and unlocks the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.flush();
    await this.serial(async () => {
      clearTimeout(this.syncTimer);
      if (this.queue.length > 0) {
        const lost = this.queue.length;
        this.queue = [];
        this.drop(
          lost,
          `the disk refused them at shutdown (${this.alarms.current?.detail ?? 'unknown'})`,
        );
      }
      this.alarms.flushDropReport('dropped before shutdown', this.dropped);
      await this.closeActive();
      await this.persistCursor();
    });
    await this.releaseLock();
  }

  stats(): DiskJournalStats {
    return {
      pendingBytes: this.pendingBytes(),
      diskBytes: this.diskBytes,
      segments: this.segments.length,
      memoryRecords: this.queue.length,
      journaled: this.journaled,
      replayed: this.replayed,
      dropped: this.dropped,
      corruptSkipped: this.corruptSkipped,
      degraded:
        this.alarms.current === undefined
          ? undefined
          : `${this.alarms.current.kind}: ${this.alarms.current.detail}`,
    };
  }

  private pendingBytes(): number {
    let pending = 0;
    for (const segment of this.segments) {
      if (segment.sequence > this.cursor.segment) pending += segment.size;
      else if (segment.sequence === this.cursor.segment) {
        pending += Math.max(0, segment.size - this.cursor.offset);
      }
    }
    return pending;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** While a retry is pending the disk is known to refuse, so appends do not hammer it. */
  private schedulePump(): void {
    if (this.pumpQueued || this.retryTimer !== undefined) return;
    this.pumpQueued = true;
    void this.serial(async () => {
      this.pumpQueued = false;
      await this.pump();
    });
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.schedulePump();
    }, this.limits.writeRetryMs);
    this.retryTimer.unref();
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const count = this.recordsThatFit();
      if (count === 0) {
        this.alarms.degraded(
          JournalAlarmKind.JOURNAL_FULL,
          `journal holds ${this.diskBytes} bytes, its bound is ${this.limits.maxTotalBytes}`,
          this.queue.length,
        );
        this.scheduleRetry();
        return;
      }
      const lines = this.queue.slice(0, count).map((queued) => queued.line);
      try {
        await this.writeToActive(Buffer.concat(lines));
      } catch (error) {
        this.alarms.degraded(
          JournalAlarmKind.DISK_UNAVAILABLE,
          describeError(error),
          this.queue.length,
        );
        this.scheduleRetry();
        return;
      }
      this.queue.splice(0, count);
      this.journaled += count;
      this.alarms.recovered(this.queue.length);
      if (this.limits.syncIntervalMs === 0) await this.syncActive();
      else this.scheduleSync();
      this.listeners.forEach((listener) => listener());
    }
  }

  /** How many queued records fit in one write without passing the journal's size bound. */
  private recordsThatFit(): number {
    const room = this.limits.maxTotalBytes - this.diskBytes;
    let bytes = 0;
    let count = 0;
    for (const queued of this.queue) {
      if (bytes + queued.line.length > room) break;
      if (count > 0 && bytes + queued.line.length > MAX_WRITE_BYTES) break;
      bytes += queued.line.length;
      count += 1;
    }
    return count;
  }

  /**
   * Appends whole records to the active segment. On a failed or short write the partial batch
   * is cut off again so the segment ends on a record boundary, and the segment is closed: the
   * next attempt starts a fresh one rather than appending after bytes of unknown state.
   */
  private async writeToActive(data: Buffer): Promise<void> {
    const active = await this.activeSegment();
    const startSize = active.segment.size;
    let written = 0;
    try {
      while (written < data.length) {
        const count = await active.handle.write(data.subarray(written));
        if (count <= 0) throw new Error(`short write: ${written} of ${data.length} bytes`);
        written += count;
      }
    } catch (error) {
      try {
        await active.handle.truncate(startSize);
      } catch {
        // The partial lines stay: whole ones replay as duplicates (dropped by event id), the
        // cut-off one is skipped as a torn tail.
        active.segment.size += written;
        this.diskBytes += written;
      }
      await this.closeActive();
      throw error;
    }
    active.segment.size += data.length;
    this.diskBytes += data.length;
    active.unsynced = true;
  }

  private async activeSegment(): Promise<ActiveSegment> {
    if (this.active !== undefined && this.active.segment.size < this.limits.maxSegmentBytes) {
      return this.active;
    }
    await this.closeActive();
    const sequence = this.nextSequence;
    this.nextSequence += 1;
    const handle = await this.fs.openForAppend(segmentPath(this.options.directory, sequence));
    const segment: Segment = { sequence, size: 0 };
    this.segments.push(segment);
    this.active = { segment, handle, unsynced: false };
    await this.fs.syncDirectory(this.options.directory);
    return this.active;
  }

  private scheduleSync(): void {
    if (this.syncTimer !== undefined) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      void this.serial(() => this.syncActive());
    }, this.limits.syncIntervalMs);
    this.syncTimer.unref();
  }

  private async syncActive(): Promise<void> {
    const active = this.active;
    if (active === undefined || !active.unsynced) return;
    try {
      await active.handle.sync();
      active.unsynced = false;
    } catch (error) {
      // After a failed fsync the kernel may have dropped the dirty pages; the records were
      // already handed over, so say so loudly and move to a fresh segment.
      this.alarms.degraded(
        JournalAlarmKind.DISK_UNAVAILABLE,
        `fsync failed: ${describeError(error)}`,
        this.queue.length,
      );
      await this.closeActive();
    }
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    if (active === undefined) return;
    this.active = undefined;
    try {
      if (active.unsynced) await active.handle.sync();
    } catch (error) {
      this.options.logger.error(
        { segment: active.segment.sequence, err: describeError(error) },
        'journal segment fsync failed while closing it',
      );
    }
    try {
      await active.handle.close();
    } catch (error) {
      this.options.logger.warn(
        { segment: active.segment.sequence, err: describeError(error) },
        'journal segment close failed',
      );
    }
  }

  /** Deletes segments the cursor has moved past, including the active one once fully replayed. */
  private async retireReplayedSegments(): Promise<void> {
    let freed = false;
    for (;;) {
      const head = this.segments[0];
      if (head === undefined || head.sequence > this.cursor.segment) break;
      if (head.sequence === this.cursor.segment && this.cursor.offset < head.size) break;
      if (this.active?.segment === head) await this.closeActive();
      this.segments.shift();
      this.diskBytes -= head.size;
      freed = true;
      const next = this.segments[0];
      this.cursor = { segment: next?.sequence ?? this.nextSequence, offset: 0 };
      try {
        await this.fs.remove(segmentPath(this.options.directory, head.sequence));
      } catch (error) {
        this.options.logger.warn(
          { segment: head.sequence, err: describeError(error) },
          'could not delete a replayed journal segment; it is skipped on the next start',
        );
      }
    }
    if (freed && this.alarms.current?.kind === JournalAlarmKind.JOURNAL_FULL) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.schedulePump();
    }
  }

  /** A cursor that cannot be written only costs duplicates after a restart, so it does not throw. */
  private async persistCursor(): Promise<void> {
    try {
      await writeCursor(this.fs, this.options.directory, this.cursor);
    } catch (error) {
      this.options.logger.warn(
        { err: describeError(error) },
        'could not persist the journal cursor; a restart would replay acknowledged events again',
      );
    }
  }

  private drop(count: number, reason: string): void {
    this.dropped += count;
    this.alarms.dropped(count, reason, this.dropped);
  }

  private noteCorrupt(lines: number, segment: number): void {
    if (lines === 0) return;
    this.corruptSkipped += lines;
    this.options.logger.warn(
      { segment, lines, totalSkipped: this.corruptSkipped },
      'journal: skipped torn or corrupt record(s) while replaying',
    );
  }
}
