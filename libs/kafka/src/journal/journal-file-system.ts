import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';

/** An open segment file. `write` may write fewer bytes than asked (a short write), like write(2). */
export interface JournalFileHandle {
  write(data: Uint8Array): Promise<number>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything the journal does to the disk. It is an interface so tests can inject a disk that
 * fails (ENOSPC, EACCES, short writes) without filling a real one.
 */
export interface JournalFileSystem {
  ensureDirectory(dir: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  size(path: string): Promise<number>;
  read(path: string, position: number, length: number): Promise<Buffer>;
  /** Reads a small file whole; undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Opens (creating if needed) a file whose writes always go to its end. */
  openForAppend(path: string): Promise<JournalFileHandle>;
  /** Replaces `path` durably: readers after a crash see the old or the new content, never a mix. */
  writeAtomically(path: string, data: string): Promise<void>;
  /** Creates `path` only if it does not exist; false when it already does. */
  createExclusive(path: string, data: string): Promise<boolean>;
  remove(path: string): Promise<void>;
  /** Makes created, renamed and removed directory entries durable. */
  syncDirectory(dir: string): Promise<void>;
}

class NodeJournalFileHandle implements JournalFileHandle {
  constructor(private readonly handle: FileHandle) {}

  async write(data: Uint8Array): Promise<number> {
    const { bytesWritten } = await this.handle.write(data, 0, data.length);
    return bytesWritten;
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Not `instanceof Error`: errors from node internals can come from another realm (jest's vm). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/** The real disk, through node:fs/promises. */
export const nodeJournalFileSystem: JournalFileSystem = {
  async ensureDirectory(dir) {
    await mkdir(dir, { recursive: true });
  },
  list: (dir) => readdir(dir),
  async size(path) {
    return (await stat(path)).size;
  },
  async read(path, position, length) {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
  async readText(path) {
    try {
      const handle = await open(path, 'r');
      try {
        return await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (hasErrorCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  },
  async openForAppend(path) {
    return new NodeJournalFileHandle(await open(path, 'a'));
  },
  async writeAtomically(path, data) {
    const temporary = `${path}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  },
  async createExclusive(path, data) {
    let handle: FileHandle;
    try {
      handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
    } catch (error) {
      if (hasErrorCode(error, 'EEXIST')) return false;
      throw error;
    }
    try {
      await handle.writeFile(data, 'utf8');
    } finally {
      await handle.close();
    }
    return true;
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async syncDirectory(dir) {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
