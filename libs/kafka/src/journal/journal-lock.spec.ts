import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeJournalFileSystem } from './journal-file-system';
import { acquireJournalLock, releaseOwnJournalLock } from './journal-lock';
import { LOCK_FILE } from './journal-segments';
import { tempJournalDir } from './test-support/journal-test-kit';

describe('releaseOwnJournalLock', () => {
  let dir: ReturnType<typeof tempJournalDir>;
  beforeEach(() => (dir = tempJournalDir()));
  afterEach(() => dir.remove());

  it('frees a lock this process left behind so the journal can be opened again', async () => {
    await acquireJournalLock(nodeJournalFileSystem, dir.path);
    await expect(acquireJournalLock(nodeJournalFileSystem, dir.path)).rejects.toThrow(
      /this process/,
    );

    expect(await releaseOwnJournalLock(nodeJournalFileSystem, dir.path)).toBe(true);
    await expect(acquireJournalLock(nodeJournalFileSystem, dir.path)).resolves.toEqual(
      expect.any(Function),
    );
  });

  it("leaves another process's lock alone", async () => {
    const path = join(dir.path, LOCK_FILE);
    writeFileSync(path, String(process.ppid));

    expect(await releaseOwnJournalLock(nodeJournalFileSystem, dir.path)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(String(process.ppid));
  });

  it('does nothing when there is no lock', async () => {
    expect(await releaseOwnJournalLock(nodeJournalFileSystem, dir.path)).toBe(false);
  });
});
