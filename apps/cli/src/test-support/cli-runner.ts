import { spawn } from 'node:child_process';
import path from 'node:path';

/** The launcher developers run; the int tests go through it so it is tested too. */
export const LAUNCHER = path.resolve(__dirname, '..', '..', 'bin', 'gatehouse');

export interface CliRun {
  /** Resolves when the process exits. */
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdout(): string;
}

/** Runs `gatehouse <args>` through bin/gatehouse with exactly `env` (plus PATH) in `cwd`. */
export function runGatehouse(
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): CliRun {
  const child = spawn(LAUNCHER, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BROWSER: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    },
  );
  return { exit, stdout: () => stdout };
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
