import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DevIdpError, DevIdpErrorCode } from './errors';
import { FAULTS_PATH } from './http/control-routes';
import type { Launcher, LaunchedDevIdp } from './launchers';
import type { DevIdpConfigFile, DevIdpServerConfig } from './options';
import { parseReadyLine, type ReadyLine } from './ready-line';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(__dirname, 'main.ts');
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 2_000;

export interface ChildLauncherOptions {
  /** The resolved config is written here and passed with --config. */
  configFile: string;
  startTimeoutMs: number;
}

// DEV_IDP_* in the parent's environment would override the config file in the child; the
// handle's options are the only source of truth for a launched IdP.
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('DEV_IDP_')) env[key] = value;
  }
  env.SWC_NODE_PROJECT = path.join(REPO_ROOT, 'tsconfig.base.json');
  return env;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  if (!(await waitForExit(child, STOP_GRACE_MS))) {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_GRACE_MS);
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<ReadyLine> {
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new DevIdpError(DevIdpErrorCode.StartFailed, `${why}\n${stderrTail.trim()}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`dev IdP did not become ready within ${timeoutMs} ms`);
    }, timeoutMs);
    child.once('error', (error) => fail(`cannot start the dev IdP process: ${error.message}`));
    child.once('exit', (code, signal) =>
      fail(`dev IdP exited before it was ready (code ${code}, signal ${signal})`),
    );
    if (!child.stdout) return fail('dev IdP child has no stdout pipe');
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const ready = parseReadyLine(line);
      if (!ready) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(ready);
    });
  });
}

/**
 * Runs `node -r @swc-node/register tools/dev-idp/src/main.ts --config <file>` and resolves once it
 * prints its ready line. A child process because oidc-provider is ESM-only and jest (CommonJS
 * runtime) cannot load it, while the child is plain Node 24, which can.
 */
export function childLauncher(options: ChildLauncherOptions): Launcher {
  return async (config: DevIdpServerConfig): Promise<LaunchedDevIdp> => {
    const file: DevIdpConfigFile = { ...config, keysDir: config.keysDir ?? null };
    writeFileSync(options.configFile, JSON.stringify(file), { mode: 0o600 });
    const child = spawn(
      process.execPath,
      ['-r', require.resolve('@swc-node/register'), MAIN, '--config', options.configFile],
      { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    const ready = await waitForReady(child, options.startTimeoutMs);
    return {
      issuer: ready.issuer,
      port: ready.port,
      setFaults: async (faults) => {
        const response = await fetch(`${ready.issuer}${FAULTS_PATH}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(faults),
        });
        if (!response.ok) {
          throw new DevIdpError(
            DevIdpErrorCode.InvalidOptions,
            `fault update refused: ${await response.text()}`,
          );
        }
      },
      close: () => stopChild(child),
    };
  };
}
