import { releaseVersion, workspaceRoot } from '@gatehouse/config';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProgram } from './cli-program';
import { openBrowser } from './open-browser';

// bin/gatehouse exports its own resolved path; running main directly (the sources, or compiled
// under dist/) falls back to the repo's launcher.
const launcher =
  process.env.GATEHOUSE_LAUNCHER ??
  path.join(workspaceRoot() ?? path.resolve(__dirname, '../../..'), 'apps', 'cli', 'bin', 'gatehouse');

const program = createProgram(
  {
    env: process.env,
    fetch: (url, init) => fetch(url, init),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    now: () => Date.now(),
    sleep: (ms) => sleep(ms),
    openBrowser: (url) => openBrowser(url, process.env),
    homeDir: process.env.HOME || homedir(),
    cwd: process.cwd(),
    uid: process.getuid?.(),
    launcherPath: existsSync(launcher) ? launcher : undefined,
  },
  releaseVersion(),
);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
