import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { requireCompiledEntry } from './compiled-entry';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs a service entry point (`apps/<name>/src/main.ts`) as a child process on the current Node,
 * the way `npm start` and the deployment run it — its compiled JavaScript under `dist/` (ADR 0020;
 * the int/e2e test setup builds it) — and collects its output. Used by integration tests and
 * local tooling that need a real process: exit codes and signals cannot be tested in-process.
 */
export interface ServiceProcessOptions {
  /** Path of the TypeScript entry point, relative to `cwd`; its compiled file under `dist/` runs. */
  entry: string;
  /** Command-line arguments after the entry point. */
  args?: readonly string[];
  /** The complete environment of the child (nothing is inherited implicitly). */
  env: NodeJS.ProcessEnv;
  /** Repository root; defaults to the current directory. */
  cwd?: string;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  private stdoutText = '';
  private stderrText = '';
  private readonly exited: Promise<ProcessExit>;
  private exitResult: ProcessExit | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdoutText += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitResult = { code, signal };
        resolve(this.exitResult);
      });
    });
  }

  static start(options: ServiceProcessOptions): ServiceProcess {
    const cwd = options.cwd ?? process.cwd();
    const entry = requireCompiledEntry(cwd, options.entry);
    const child = spawn(process.execPath, [entry, ...(options.args ?? [])], {
      cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  /** The child's process id; undefined if it could not be started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout(): string {
    return this.stdoutText;
  }

  get stderr(): string {
    return this.stderrText;
  }

  get hasExited(): boolean {
    return this.exitResult !== undefined;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** Resolves with the exit status, or rejects after `timeoutMs` (the child is then killed). */
  async waitForExit(timeoutMs: number): Promise<ProcessExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result !== undefined) return result;
    this.signal('SIGKILL');
    throw new Error(
      `process did not exit within ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
    );
  }

  /** Polls `url` until it answers `status`; rejects early if the process exits. */
  async waitForHttp(
    url: string,
    options: { status?: number; timeoutMs?: number } = {},
  ): Promise<Response> {
    const wanted = options.status ?? 200;
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.hasExited)
        throw new Error(
          `process exited before ${url} answered ${wanted}\nstderr:\n${this.stderr}\nstdout:\n${this.stdout}`,
        );
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        if (response.status === wanted) return response;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(150);
    }
    throw new Error(
      `${url} did not answer ${wanted} in time; last: ${last}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
    );
  }

  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
  async stop(graceMs = 10_000): Promise<ProcessExit> {
    if (this.exitResult) return this.exitResult;
    this.signal('SIGTERM');
    return this.waitForExit(graceMs);
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
