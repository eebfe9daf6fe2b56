import type { KafkaLogger } from '../kafka-logger';

export enum JournalAlarmKind {
  /** Writing or syncing a segment failed (ENOSPC, EACCES, EIO …); events wait in memory. */
  DISK_UNAVAILABLE = 'disk-unavailable',
  /** The journal reached its size bound; events wait in memory until replay frees space. */
  JOURNAL_FULL = 'journal-full',
  /** Events were refused because the in-memory bound was reached too: they are lost. */
  EVENTS_DROPPED = 'events-dropped',
  /** Writes succeed again after one of the conditions above. */
  RECOVERED = 'recovered',
}

export interface JournalAlarm {
  readonly kind: JournalAlarmKind;
  readonly detail: string;
  /** For EVENTS_DROPPED: events dropped since the previous report; otherwise events in memory. */
  readonly count: number;
}

export type JournalAlarmHandler = (alarm: JournalAlarm) => void;

/** A degraded state: why the disk is not taking writes right now. */
export interface JournalDegradation {
  readonly kind: JournalAlarmKind.DISK_UNAVAILABLE | JournalAlarmKind.JOURNAL_FULL;
  readonly detail: string;
  readonly since: number;
}

const DROP_REPORT_INTERVAL_MS = 5_000;

/**
 * Turns disk trouble into loud logs and alarm callbacks. State changes are reported once each;
 * drops are reported at once and then at most every few seconds with the count since the last
 * report, so an outage at thousands of requests a second cannot flood the log.
 */
export class JournalAlarms {
  private degradation: JournalDegradation | undefined;
  private unreportedDrops = 0;
  private lastDropReportAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: KafkaLogger,
    private readonly onAlarm: JournalAlarmHandler | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): JournalDegradation | undefined {
    return this.degradation;
  }

  degraded(kind: JournalDegradation['kind'], detail: string, inMemory: number): void {
    if (this.degradation?.kind === kind) return;
    this.degradation = { kind, detail, since: this.now() };
    this.logger.error(
      { alarm: kind, detail, inMemory },
      'usage event journal cannot write to disk; events are kept in memory up to the bound',
    );
    this.emit({ kind, detail, count: inMemory });
  }

  recovered(inMemory: number): void {
    if (this.degradation === undefined) return;
    const { kind } = this.degradation;
    this.degradation = undefined;
    this.logger.warn({ previous: kind, inMemory }, 'usage event journal writes to disk again');
    this.emit({
      kind: JournalAlarmKind.RECOVERED,
      detail: `recovered from ${kind}`,
      count: inMemory,
    });
  }

  dropped(count: number, reason: string, totalDropped: number): void {
    this.unreportedDrops += count;
    this.reportDrops(reason, totalDropped, false);
  }

  /** Reports drops not yet logged, e.g. at shutdown. */
  flushDropReport(reason: string, totalDropped: number): void {
    this.reportDrops(reason, totalDropped, true);
  }

  private reportDrops(reason: string, totalDropped: number, force: boolean): void {
    if (this.unreportedDrops === 0) return;
    if (!force && this.now() - this.lastDropReportAt < DROP_REPORT_INTERVAL_MS) return;
    const count = this.unreportedDrops;
    this.unreportedDrops = 0;
    this.lastDropReportAt = this.now();
    this.logger.error(
      { alarm: JournalAlarmKind.EVENTS_DROPPED, count, totalDropped, reason },
      'usage events DROPPED: Kafka, the disk journal and the in-memory bound all refused them',
    );
    this.emit({ kind: JournalAlarmKind.EVENTS_DROPPED, detail: reason, count });
  }

  private emit(alarm: JournalAlarm): void {
    try {
      this.onAlarm?.(alarm);
    } catch (error) {
      this.logger.error(
        { alarm: alarm.kind, err: error instanceof Error ? error.message : String(error) },
        'journal alarm handler failed',
      );
    }
  }
}
