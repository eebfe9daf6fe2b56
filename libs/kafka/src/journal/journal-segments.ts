import { join } from 'node:path';

/**
 * Segment files are named by a sequence number that only grows, zero-padded so a directory
 * listing sorts them in write order: segment-0000000000000042.log.
 */
const SEGMENT_PATTERN = /^segment-(\d{16})\.log$/;

export const CURSOR_FILE = 'cursor.json';
export const LOCK_FILE = 'journal.lock';

export function segmentFileName(sequence: number): string {
  return `segment-${String(sequence).padStart(16, '0')}.log`;
}

export function segmentPath(directory: string, sequence: number): string {
  return join(directory, segmentFileName(sequence));
}

/** The sequence number of a segment file name, or undefined for any other file. */
export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_PATTERN.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
