import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * What a folder under the machine's /etc holds: `absent`, or each file with its SHA-256. Taken
 * before and after the test, it shows the private mount namespace kept the real /etc untouched.
 */
export async function etcFolderState(folder: string): Promise<string> {
  const info = await stat(folder).catch(() => undefined);
  if (info === undefined) return 'absent';
  if (!info.isDirectory()) return `not a folder (mode ${info.mode.toString(8)}, ${info.size} bytes)`;
  const entries = (await readdir(folder, { recursive: true })).sort();
  const lines = await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(folder, entry);
      const fileInfo = await stat(file);
      if (!fileInfo.isFile()) return `${entry}/`;
      return `${entry} ${createHash('sha256').update(await readFile(file)).digest('hex')}`;
    }),
  );
  return lines.join('\n');
}
