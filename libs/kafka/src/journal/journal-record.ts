import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { OutgoingRecord } from '../event-encoding';

/**
 * On-disk format of one journaled record: one line per record,
 *
 *   <crc32 of the JSON, 8 lowercase hex digits> <space> <JSON {topic,key,value,headers}> \n
 *
 * Lines keep the journal readable with grep and jq during an incident, and JSON escapes every
 * newline inside strings, so "\n" only ever ends a record. The checksum is what makes a torn
 * write detectable: a crash can leave a cut-off last line (no newline, or a newline from a
 * later page) or file-system garbage such as zero-filled blocks, and a prefix of a JSON object
 * can even parse. A line whose checksum, JSON or shape does not hold is skipped and counted.
 */
const journalRecordSchema = z.strictObject({
  topic: z.string().min(1),
  key: z.string(),
  value: z.string(),
  headers: z.record(z.string(), z.string()),
});

const NEWLINE = 0x0a;
const SPACE = 0x20;
const CRC_HEX_LENGTH = 8;

export function encodeJournalLine(record: OutgoingRecord): Buffer {
  const json = JSON.stringify({
    topic: record.topic,
    key: record.key,
    value: record.value,
    headers: record.headers,
  });
  const crc = crc32(json).toString(16).padStart(CRC_HEX_LENGTH, '0');
  return Buffer.from(`${crc} ${json}\n`, 'utf8');
}

/** A record read back, with the byte offset just past its line (the cursor after replaying it). */
export interface JournalEntry {
  readonly record: OutgoingRecord;
  readonly endOffset: number;
}

export interface ParsedChunk {
  readonly entries: JournalEntry[];
  /** Complete lines that failed their checksum, JSON or shape check, skipped. */
  readonly corruptLines: number;
  /** Bytes of complete lines consumed, valid or not; a trailing partial line is not included. */
  readonly consumedBytes: number;
}

/**
 * Parses the complete lines of `chunk`, which starts at byte `baseOffset` of its segment, and
 * stops after `maxEntries` valid records.
 */
export function parseJournalChunk(
  chunk: Buffer,
  baseOffset: number,
  maxEntries = Number.POSITIVE_INFINITY,
): ParsedChunk {
  const entries: JournalEntry[] = [];
  let corruptLines = 0;
  let start = 0;
  while (entries.length < maxEntries) {
    const end = chunk.indexOf(NEWLINE, start);
    if (end === -1) break;
    const record = decodeLine(chunk.subarray(start, end));
    if (record === undefined) corruptLines += 1;
    else entries.push({ record, endOffset: baseOffset + end + 1 });
    start = end + 1;
  }
  return { entries, corruptLines, consumedBytes: start };
}

function decodeLine(line: Buffer): OutgoingRecord | undefined {
  if (line.length <= CRC_HEX_LENGTH + 1 || line[CRC_HEX_LENGTH] !== SPACE) return undefined;
  const expected = Number.parseInt(line.subarray(0, CRC_HEX_LENGTH).toString('latin1'), 16);
  const json = line.subarray(CRC_HEX_LENGTH + 1);
  if (Number.isNaN(expected) || crc32(json) !== expected) return undefined;
  try {
    const parsed = journalRecordSchema.safeParse(JSON.parse(json.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
