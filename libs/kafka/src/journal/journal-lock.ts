import { join } from 'node:path';
import { JournalError, JournalErrorCode } from './journal-error';
import { hasErrorCode, type JournalFileSystem } from './journal-file-system';
import { LOCK_FILE } from './journal-segments';

/** Signal 0 checks that a process exists without touching it; EPERM means it exists as another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return hasErrorCode(error, 'EPERM');
  }
}

/**
 * Takes the journal directory for this process. Two writers would interleave segments and
 * replay each other's records, so a lock held by a live process fails the start; a lock left by
 * a crashed process (its pid is gone) is taken over.
 */
export async function acquireJournalLock(
  fs: JournalFileSystem,
  directory: string,
  alive: (pid: number) => boolean = isProcessAlive,
): Promise<() => Promise<void>> {
  const path = join(directory, LOCK_FILE);
  const release = () => fs.remove(path);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await fs.createExclusive(path, String(process.pid))) return release;
    const holder = Number((await fs.readText(path))?.trim());
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new JournalError(
        JournalErrorCode.LOCKED,
        `The journal directory ${directory} is in use by process ${holder}` +
          `${holder === process.pid ? ' (this process: another journal is still open on it)' : ''}; ` +
          'give every proxy replica its own journal directory.',
      );
    }
    await fs.remove(path);
  }
  throw new JournalError(
    JournalErrorCode.LOCKED,
    `Could not take the lock ${path}; another process keeps recreating it.`,
  );
}

/**
 * Removes this process's own lock on `directory`, for when the journal that took it is known to be
 * gone without closing — a worker thread that died with the journal open. Only a lock naming this
 * process is removed (no other process can be using the directory then); returns whether one was.
 */
export async function releaseOwnJournalLock(
  fs: JournalFileSystem,
  directory: string,
): Promise<boolean> {
  const path = join(directory, LOCK_FILE);
  const holder = Number((await fs.readText(path))?.trim());
  if (holder !== process.pid) return false;
  await fs.remove(path);
  return true;
}
