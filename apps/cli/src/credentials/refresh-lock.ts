import { open, readFile, rm } from 'node:fs/promises';
import { CliError, CliErrorCode } from '../cli-error';
import { isMissing, systemErrorCode } from './file-credential-store';

export interface FileLockOptions {
  /** The lock file; it exists exactly while someone holds the lock. */
  file: string;
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
  /** A lock older than this is from a holder that died without cleaning up. */
  staleMs?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether the process that wrote the lock still runs; a dead holder's lock is taken over at once. */
  isProcessAlive?: (pid: number) => boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STALE_MS = 60_000;
const DEFAULT_POLL_MS = 50;

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, so only one process can
 * create it). `gatehouse token` refreshes under it: the server rotates refresh tokens and treats a
 * second use of the old one as theft, revoking the whole session, so two concurrent refreshes with
 * the same token must never happen.
 */
export async function withFileLock<T>(
  options: FileLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const isAlive = options.isProcessAlive ?? processIsAlive;
  const deadline = now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const stamp = `${process.pid} ${now()}`;
  for (;;) {
    if (await tryCreate(options.file, stamp)) break;
    const holder = await readHolder(options.file);
    if (
      holder !== undefined &&
      (!isAlive(holder.pid) || now() - holder.since > (options.staleMs ?? DEFAULT_STALE_MS))
    ) {
      // Another waiter may take the abandoned lock over at the same moment; removing only while
      // the file still names the dead holder keeps that window to one read.
      if ((await readHolder(options.file))?.raw === holder.raw)
        await rm(options.file, { force: true });
      continue;
    }
    if (now() >= deadline) {
      throw new CliError(
        CliErrorCode.LOCK_TIMEOUT,
        `another gatehouse process has held ${options.file} for too long; if none is running, delete that file.`,
      );
    }
    await sleep(options.pollMs ?? DEFAULT_POLL_MS);
  }
  try {
    return await work();
  } finally {
    if ((await readHolder(options.file))?.raw === stamp) await rm(options.file, { force: true });
  }
}

async function tryCreate(file: string, stamp: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(stamp);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (systemErrorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

interface LockHolder {
  pid: number;
  since: number;
  raw: string;
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const [pid, since] = raw.split(' ').map(Number);
  // A holder that has created the file but not written it yet looks empty: treat it as alive and fresh.
  if (!Number.isInteger(pid) || !Number.isFinite(since) || pid === undefined || since === undefined)
    return undefined;
  return { pid, since, raw };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return systemErrorCode(error) === 'EPERM';
  }
}
