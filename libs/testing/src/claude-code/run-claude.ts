import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveClaudeCodeBinary } from './claude-code-binary';
import { ClaudeCodeError, ClaudeCodeErrorCode } from './claude-code-error';
import { buildClaudeCodeInvocation, type ClaudeCodeRunOptions } from './claude-code-invocation';
import { type ClaudeCodeResult, parseClaudeCodeResult } from './claude-code-result';

export interface ClaudeCodeRun {
  exitCode: number | null;
  /** The parsed `--output-format json` result; null when stdout held none (see stderr). */
  json: ClaudeCodeResult | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const STDERR_TAIL_CHARS = 2_000;

/**
 * Runs the real Claude Code CLI once in print mode (`claude -p <prompt> --output-format json`)
 * against `baseUrl`, with a throwaway HOME and CLAUDE_CONFIG_DIR so a test never reads or writes
 * the machine's own Claude Code configuration. Resolves with whatever the CLI printed, also when
 * it reports an error; rejects only when it cannot start or exceeds `timeoutMs`.
 */
export async function runClaudeCode(options: ClaudeCodeRunOptions): Promise<ClaudeCodeRun> {
  const binary = resolveClaudeCodeBinary();
  const tempDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-claude-'));
  try {
    const home = path.join(tempDir, 'home');
    const configDir = path.join(home, '.claude');
    const cwd = options.cwd ?? path.join(tempDir, 'work');
    await mkdir(configDir, { recursive: true });
    await mkdir(cwd, { recursive: true });
    const invocation = buildClaudeCodeInvocation(options, {
      home,
      configDir,
      outerEnv: process.env,
      uid: process.getuid?.(),
    });
    await writeFile(
      path.join(configDir, 'settings.json'),
      JSON.stringify(invocation.settings, null, 2),
    );
    return await spawnClaude(binary, invocation.args, {
      cwd,
      env: invocation.env,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  } finally {
    if (!options.keepTempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

interface SpawnSettings {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
}

function spawnClaude(
  binary: string,
  args: string[],
  settings: SpawnSettings,
): Promise<ClaudeCodeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also kills what its Bash tool started.
    const child = spawn(binary, args, {
      cwd: settings.cwd,
      env: settings.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const stderrTail = (): string =>
      Buffer.concat(stderr).toString('utf8').slice(-STDERR_TAIL_CHARS);

    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(
        new ClaudeCodeError(
          ClaudeCodeErrorCode.Timeout,
          `claude did not finish within ${settings.timeoutMs} ms; stderr: ${stderrTail()}`,
        ),
      );
    }, settings.timeoutMs);

    child.once('error', (cause) => {
      clearTimeout(timer);
      reject(
        new ClaudeCodeError(ClaudeCodeErrorCode.SpawnFailed, `cannot run ${binary}`, { cause }),
      );
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout).toString('utf8');
      resolve({
        exitCode,
        json: parseClaudeCodeResult(out),
        stdout: out,
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone: nothing to kill.
  }
}
