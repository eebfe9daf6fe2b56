import { join } from 'node:path';
import { z } from 'zod';
import type { JournalFileSystem } from './journal-file-system';
import { CURSOR_FILE } from './journal-segments';

/** Where replay continues: the byte offset just past the last record Kafka acknowledged. */
export interface JournalPosition {
  readonly segment: number;
  readonly offset: number;
}

const cursorSchema = z.strictObject({
  segment: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
});

export type CursorReadResult =
  | { kind: 'found'; position: JournalPosition }
  | { kind: 'missing' }
  | { kind: 'unreadable'; detail: string };

export async function readCursor(
  fs: JournalFileSystem,
  directory: string,
): Promise<CursorReadResult> {
  const text = await fs.readText(join(directory, CURSOR_FILE));
  if (text === undefined) return { kind: 'missing' };
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'found', position: parsed.data };
    return { kind: 'unreadable', detail: parsed.error.message };
  } catch (error) {
    return { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Written atomically (temp file, fsync, rename), so a crash leaves the old or the new cursor. */
export async function writeCursor(
  fs: JournalFileSystem,
  directory: string,
  position: JournalPosition,
): Promise<void> {
  await fs.writeAtomically(
    join(directory, CURSOR_FILE),
    JSON.stringify({ segment: position.segment, offset: position.offset }),
  );
}
