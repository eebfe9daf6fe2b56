import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingRecord } from '../../event-encoding';
import type { RecordSender } from '../../event-producer';
import { KafkaError, KafkaErrorCode } from '../../kafka-error';
import type { KafkaLogger } from '../../kafka-logger';
import type { JournalAlarm } from '../journal-alarms';
import {
  nodeJournalFileSystem,
  type JournalFileHandle,
  type JournalFileSystem,
} from '../journal-file-system';

/** A fresh directory under the OS temp dir; `remove()` deletes it. */
export function tempJournalDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'gatehouse-journal-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function aRecord(id: string, topic = 'gatehouse.test.usage.v1'): OutgoingRecord {
  return {
    topic,
    key: `user-${id}`,
    value: JSON.stringify({ id, type: 'test.usage', tokens: 42 }),
    headers: { 'event-id': id, 'event-type': 'test.usage' },
  };
}

export function ids(records: readonly OutgoingRecord[]): string[] {
  return records.map((record) => record.headers['event-id'] ?? '?');
}

/** Keeps what was logged per level, so tests can assert a failure was reported loudly. */
export class RecordingLogger implements KafkaLogger {
  readonly lines: { level: string; msg: string; obj: object }[] = [];
  debug = (obj: object, msg: string): void => void this.lines.push({ level: 'debug', msg, obj });
  info = (obj: object, msg: string): void => void this.lines.push({ level: 'info', msg, obj });
  warn = (obj: object, msg: string): void => void this.lines.push({ level: 'warn', msg, obj });
  error = (obj: object, msg: string): void => void this.lines.push({ level: 'error', msg, obj });

  messages(level: string): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.msg);
  }
}

export class AlarmLog {
  readonly alarms: JournalAlarm[] = [];
  readonly handler = (alarm: JournalAlarm): void => void this.alarms.push(alarm);
  kinds(): string[] {
    return this.alarms.map((alarm) => alarm.kind);
  }
}

/** An error shaped like the ones node:fs raises. */
export function fsError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated disk failure`), { code });
}

/**
 * The real disk, except that segment writes can be made to fail: `failWrites` set to an error
 * code makes each write put half of its bytes on disk and then throw, like a disk filling up
 * in the middle of a write.
 */
export class FailingDisk implements JournalFileSystem {
  failWrites: string | undefined;
  writeAttempts = 0;
  private readonly real = nodeJournalFileSystem;

  ensureDirectory = (dir: string) => this.real.ensureDirectory(dir);
  list = (dir: string) => this.real.list(dir);
  size = (path: string) => this.real.size(path);
  read = (path: string, position: number, length: number) => this.real.read(path, position, length);
  readText = (path: string) => this.real.readText(path);
  writeAtomically = (path: string, data: string) => this.real.writeAtomically(path, data);
  createExclusive = (path: string, data: string) => this.real.createExclusive(path, data);
  remove = (path: string) => this.real.remove(path);
  syncDirectory = (dir: string) => this.real.syncDirectory(dir);

  async openForAppend(path: string): Promise<JournalFileHandle> {
    const handle = await this.real.openForAppend(path);
    return {
      write: async (data) => {
        this.writeAttempts += 1;
        const failure = this.failWrites;
        if (failure === undefined) return handle.write(data);
        if (data.length > 1) await handle.write(data.subarray(0, Math.floor(data.length / 2)));
        throw fsError(failure);
      },
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  }
}

/** A broker stand-in: takes batches while up, rejects them like the producer does while down. */
export class SwitchableKafka implements RecordSender {
  down = false;
  readonly delivered: OutgoingRecord[] = [];
  failedSends = 0;

  async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
    await Promise.resolve();
    if (this.down) {
      this.failedSends += 1;
      throw new KafkaError(KafkaErrorCode.PUBLISH_FAILED, 'simulated broker outage');
    }
    this.delivered.push(...records);
  }
}

/** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean,
  what: string,
  timeoutMs = 2_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
