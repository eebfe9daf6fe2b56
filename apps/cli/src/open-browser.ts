import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Opens `url` in the developer's browser when the machine has a way to: `$BROWSER` (the usual
 * convention; set it empty to disable), else `open` on macOS and `xdg-open` elsewhere. Never
 * throws: a headless machine simply shows the URL and the code.
 */
export async function openBrowser(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  const command = env.BROWSER ?? (process.platform === 'darwin' ? 'open' : 'xdg-open');
  if (command === '' || findOnPath(command, env.PATH ?? '') === undefined) return false;
  return new Promise((resolve) => {
    try {
      const child = spawn(command, [url], { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

function findOnPath(command: string, searchPath: string): string | undefined {
  const candidates = command.includes('/')
    ? [command]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
