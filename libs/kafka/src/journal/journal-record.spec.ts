import { crc32 } from 'node:zlib';
import { encodeJournalLine, parseJournalChunk } from './journal-record';
import { aRecord, ids } from './test-support/journal-test-kit';

describe('journal record lines', () => {
  it('reads back records exactly as written, with the offset after each line', () => {
    const lines = [aRecord('a'), aRecord('b')].map(encodeJournalLine);
    const parsed = parseJournalChunk(Buffer.concat(lines), 100);

    expect(parsed.entries.map((entry) => entry.record)).toEqual([aRecord('a'), aRecord('b')]);
    expect(parsed.entries.map((entry) => entry.endOffset)).toEqual([
      100 + (lines[0]?.length ?? 0),
      100 + (lines[0]?.length ?? 0) + (lines[1]?.length ?? 0),
    ]);
    expect(parsed.corruptLines).toBe(0);
  });

  it('keeps a value containing newlines and non-ASCII text on one line', () => {
    const record = { ...aRecord('n'), value: '{"text":"line1\\nline2 – é 🚀"}' };
    const line = encodeJournalLine(record);

    expect(line.indexOf(0x0a)).toBe(line.length - 1);
    expect(parseJournalChunk(line, 0).entries[0]?.record).toEqual(record);
  });

  it('leaves a torn last line (no newline yet) unconsumed', () => {
    const whole = encodeJournalLine(aRecord('a'));
    const torn = encodeJournalLine(aRecord('b')).subarray(0, 30);
    const parsed = parseJournalChunk(Buffer.concat([whole, torn]), 0);

    expect(ids(parsed.entries.map((entry) => entry.record))).toEqual(['a']);
    expect(parsed.consumedBytes).toBe(whole.length);
    expect(parsed.corruptLines).toBe(0);
  });

  it('skips a line whose checksum does not match and goes on with the next', () => {
    const damaged = Buffer.from(encodeJournalLine(aRecord('a')));
    damaged[damaged.indexOf('tokens') + 1] = 'X'.charCodeAt(0);
    const chunk = Buffer.concat([damaged, encodeJournalLine(aRecord('b'))]);
    const parsed = parseJournalChunk(chunk, 0);

    expect(ids(parsed.entries.map((entry) => entry.record))).toEqual(['b']);
    expect(parsed.corruptLines).toBe(1);
    expect(parsed.consumedBytes).toBe(chunk.length);
  });

  it('skips zero-filled blocks a crash can leave behind, and JSON of the wrong shape', () => {
    const zeros = Buffer.concat([Buffer.alloc(64), Buffer.from('\n')]);
    const json = '{"topic":"t"}';
    const wrongShape = Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
    const parsed = parseJournalChunk(
      Buffer.concat([zeros, wrongShape, encodeJournalLine(aRecord('c'))]),
      0,
    );

    expect(ids(parsed.entries.map((entry) => entry.record))).toEqual(['c']);
    expect(parsed.corruptLines).toBe(2);
  });

  it('stops after maxEntries records so a batch has a bounded size', () => {
    const chunk = Buffer.concat(['a', 'b', 'c'].map((id) => encodeJournalLine(aRecord(id))));
    const parsed = parseJournalChunk(chunk, 0, 2);

    expect(ids(parsed.entries.map((entry) => entry.record))).toEqual(['a', 'b']);
    expect(parsed.consumedBytes).toBe(parsed.entries[1]?.endOffset);
  });
});
