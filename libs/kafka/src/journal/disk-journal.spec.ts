import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { silentKafkaLogger } from '../kafka-logger';
import { DiskJournal, type DiskJournalOptions } from './disk-journal';
import { JournalAlarmKind } from './journal-alarms';
import { JournalError, JournalErrorCode } from './journal-error';
import { encodeJournalLine } from './journal-record';
import {
  AlarmLog,
  FailingDisk,
  RecordingLogger,
  aRecord,
  eventually,
  ids,
  tempJournalDir,
} from './test-support/journal-test-kit';
import type { OutgoingRecord } from '../event-encoding';

const records = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => aRecord(`${prefix}${i}`));

/** Reads and commits everything, as the replayer does after Kafka acknowledged each batch. */
async function replayAll(journal: DiskJournal, batchSize = 100): Promise<OutgoingRecord[]> {
  const replayed: OutgoingRecord[] = [];
  for (
    let batch = await journal.readBatch(batchSize);
    batch;
    batch = await journal.readBatch(batchSize)
  ) {
    replayed.push(...batch.records);
    await journal.commit(batch);
  }
  return replayed;
}

describe('DiskJournal', () => {
  let dir: ReturnType<typeof tempJournalDir>;
  const open: DiskJournal[] = [];
  const openJournal = async (options: Partial<DiskJournalOptions> = {}) => {
    const journal = await DiskJournal.open({
      directory: dir.path,
      logger: silentKafkaLogger,
      syncIntervalMs: 0,
      ...options,
    });
    open.push(journal);
    return journal;
  };

  beforeEach(() => {
    dir = tempJournalDir();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((journal) => journal.close()));
    dir.remove();
  });

  it('gives records back in append order and deletes the segment once replayed', async () => {
    const journal = await openJournal();
    journal.append(records('a', 3));
    journal.append(records('b', 2));
    await journal.flush();

    expect(journal.stats()).toMatchObject({ journaled: 5, memoryRecords: 0, segments: 1 });
    expect(ids(await replayAll(journal, 2))).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(journal.isDrained()).toBe(true);
    expect(journal.stats()).toMatchObject({ replayed: 5, pendingBytes: 0, segments: 0 });
    expect(readdirSync(dir.path).filter((name) => name.startsWith('segment-'))).toEqual([]);
  });

  it('persists the cursor: a reopened journal does not resend acknowledged records', async () => {
    const first = await openJournal();
    first.append(records('r', 5));
    await first.flush();
    const batch = await first.readBatch(3);
    expect(ids(batch?.records ?? [])).toEqual(['r0', 'r1', 'r2']);
    if (batch) await first.commit(batch);
    await first.close();

    const second = await openJournal();
    expect(second.isDrained()).toBe(false);
    expect(ids(await replayAll(second))).toEqual(['r3', 'r4']);
  });

  it('skips a torn last record left by a crash and appends after restart to a new segment', async () => {
    const first = await openJournal();
    first.append(records('t', 2));
    await first.close();
    const [segment] = readdirSync(dir.path).filter((name) => name.startsWith('segment-'));
    appendFileSync(join(dir.path, segment ?? 'missing'), '1234abcd {"topic":"gatehouse.te');

    const logger = new RecordingLogger();
    const second = await openJournal({ logger });
    second.append([aRecord('after')]);
    await second.flush();

    expect(ids(await replayAll(second))).toEqual(['t0', 't1', 'after']);
    expect(second.stats().corruptSkipped).toBe(1);
    expect(logger.messages('warn')).toContain(
      'journal: skipped torn or corrupt record(s) while replaying',
    );
  });

  it('rotates segments by size and deletes each one once replayed past it', async () => {
    const lineBytes = encodeJournalLine(aRecord('s0')).length;
    const journal = await openJournal({ maxSegmentBytes: lineBytes * 3 });
    for (let i = 0; i < 10; i += 1) {
      journal.append([aRecord(`s${i}`)]);
      await journal.flush();
    }
    const segmentFiles = readdirSync(dir.path).filter((name) => name.startsWith('segment-'));
    expect(segmentFiles.length).toBe(4);
    for (const file of segmentFiles) {
      expect(statSync(join(dir.path, file)).size).toBeLessThanOrEqual(lineBytes * 3);
    }
    expect(journal.stats().segments).toBe(segmentFiles.length);

    const firstBatch = await journal.readBatch(4);
    if (firstBatch) await journal.commit(firstBatch);
    expect(journal.stats().segments).toBeLessThan(segmentFiles.length);
    expect(ids([...(firstBatch?.records ?? []), ...(await replayAll(journal, 3))])).toEqual(
      Array.from({ length: 10 }, (_, i) => `s${i}`),
    );
    expect(journal.stats().segments).toBe(0);
  });

  it('keeps records in memory when the size bound is reached, then drops beyond the memory bound, loudly', async () => {
    const alarms = new AlarmLog();
    const logger = new RecordingLogger();
    const lineBytes = encodeJournalLine(aRecord('x0')).length;
    const journal = await openJournal({
      logger,
      onAlarm: alarms.handler,
      maxTotalBytes: lineBytes * 3,
      maxMemoryRecords: 3,
      writeRetryMs: 60_000,
    });

    journal.append(records('x', 3));
    await journal.flush();
    journal.append(records('y', 4));
    await journal.flush();

    expect(journal.stats()).toMatchObject({ journaled: 3, memoryRecords: 3, dropped: 1 });
    expect(journal.stats().degraded).toMatch(/^journal-full/);
    expect(alarms.kinds()).toEqual([
      JournalAlarmKind.EVENTS_DROPPED,
      JournalAlarmKind.JOURNAL_FULL,
    ]);
    expect(logger.messages('error')).toContain(
      'usage events DROPPED: Kafka, the disk journal and the in-memory bound all refused them',
    );

    // Replaying frees the segment, so the waiting records go to disk at once (no retry wait).
    const replayed = await replayAll(journal);
    await eventually(() => journal.stats().journaled === 6, 'waiting records written after replay');
    replayed.push(...(await replayAll(journal)));
    expect(ids(replayed)).toEqual(['x0', 'x1', 'x2', 'y0', 'y1', 'y2']);
    expect(alarms.kinds()).toContain(JournalAlarmKind.RECOVERED);
    expect(journal.stats().degraded).toBeUndefined();
  });

  it('survives ENOSPC: keeps records in memory, leaves no torn bytes, and writes them when the disk recovers', async () => {
    const disk = new FailingDisk();
    const alarms = new AlarmLog();
    const journal = await openJournal({ fs: disk, onAlarm: alarms.handler, writeRetryMs: 20 });
    journal.append(records('ok', 2));
    await journal.flush();

    disk.failWrites = 'ENOSPC';
    journal.append(records('full', 3));
    await journal.flush();
    expect(journal.stats()).toMatchObject({ journaled: 2, memoryRecords: 3, dropped: 0 });
    expect(journal.stats().degraded).toMatch(/^disk-unavailable: .*ENOSPC/);
    expect(alarms.kinds()).toEqual([JournalAlarmKind.DISK_UNAVAILABLE]);

    disk.failWrites = undefined;
    await eventually(() => journal.stats().memoryRecords === 0, 'retry after the disk recovered');
    expect(alarms.kinds()).toEqual([JournalAlarmKind.DISK_UNAVAILABLE, JournalAlarmKind.RECOVERED]);
    expect(ids(await replayAll(journal))).toEqual(['ok0', 'ok1', 'full0', 'full1', 'full2']);
    expect(journal.stats().corruptSkipped).toBe(0);
  });

  it('hands records the disk refused (EACCES) to Kafka directly, after the ones on disk', async () => {
    const disk = new FailingDisk();
    const journal = await openJournal({ fs: disk, writeRetryMs: 60_000 });
    journal.append(records('disk', 2));
    await journal.flush();
    disk.failWrites = 'EACCES';
    journal.append(records('mem', 3));
    await journal.flush();

    const sent: OutgoingRecord[] = [];
    const send = async (batch: readonly OutgoingRecord[]) => void sent.push(...batch);
    expect(await journal.sendUnwritten(send, 10)).toBe(0);
    sent.push(...(await replayAll(journal)));
    expect(await journal.sendUnwritten(send, 2)).toBe(2);
    await expect(
      journal.sendUnwritten(() => Promise.reject(new Error('broker down')), 2),
    ).rejects.toThrow('broker down');
    expect(await journal.sendUnwritten(send, 2)).toBe(1);

    expect(ids(sent)).toEqual(['disk0', 'disk1', 'mem0', 'mem1', 'mem2']);
    expect(journal.isDrained()).toBe(true);
  });

  it('counts records it could not write before shutdown as dropped instead of losing them silently', async () => {
    const disk = new FailingDisk();
    const logger = new RecordingLogger();
    const journal = await DiskJournal.open({ directory: dir.path, logger, fs: disk });
    disk.failWrites = 'EIO';
    journal.append(records('lost', 2));
    await journal.close();

    expect(journal.stats().dropped).toBe(2);
    expect(
      logger.lines.find((line) => line.msg.startsWith('usage events DROPPED'))?.obj,
    ).toMatchObject({
      count: 2,
    });
    journal.append([aRecord('late')]);
    expect(journal.stats().dropped).toBe(3);
  });

  it('refuses a directory another open journal holds, and frees it on close', async () => {
    const first = await openJournal();
    await expect(openJournal()).rejects.toEqual(
      expect.objectContaining<Partial<JournalError>>({ code: JournalErrorCode.LOCKED }),
    );
    await first.close();
    await expect(openJournal()).resolves.toBeInstanceOf(DiskJournal);
  });

  it('replays everything again when the cursor file is unreadable rather than guessing', async () => {
    const first = await openJournal();
    first.append(records('c', 2));
    await first.flush();
    const batch = await first.readBatch(1);
    if (batch) await first.commit(batch);
    await first.close();
    appendFileSync(join(dir.path, 'cursor.json'), 'garbage');

    const second = await openJournal();
    expect(ids(await replayAll(second))).toEqual(['c0', 'c1']);
  });
});
