import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireCompiledEntry } from '@gatehouse/service-kit';
import { BenchError, BenchErrorCode } from './errors';

export interface PinnedProcessOptions {
  readonly name: string;
  /** TypeScript entry point relative to the repository root; its compiled file under dist/ runs. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** CPU list for `taskset -c`; undefined runs unpinned. */
  readonly cpus?: string;
  /** Node command-line flags placed before the entry point. */
  readonly nodeFlags?: readonly string[];
  /**
   * stdout and stderr go straight to this file (the child writes it itself), so the load
   * generator's core never spends time draining a busy access log through a pipe.
   */
  readonly logFile: string;
}

/**
 * A service process for the benchmark. `taskset` execs Node in place, so the child's pid is the
 * pid of the Node process whose RSS and CPU time are read from /proc.
 */
export class PinnedProcess {
  /** Children still running; killed when the benchmark exits however it ends (see below). */
  private static readonly live = new Set<ChildProcess>();
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly logFile: string,
  ) {
    PinnedProcess.live.add(child);
    child.on('exit', (code) => {
      this.exitCode = code;
      PinnedProcess.live.delete(child);
    });
  }

  /**
   * Kills every child still running. Registered for `exit`, so a run that fails half-way (a
   * simulator that never printed its port) or is interrupted leaves no service pinned to a core.
   */
  static killAll(): void {
    for (const child of PinnedProcess.live) child.kill('SIGKILL');
  }

  static start(options: PinnedProcessOptions): PinnedProcess {
    const node = [
      process.execPath,
      ...(options.nodeFlags ?? []),
      requireCompiledEntry(process.cwd(), options.entry),
      ...(options.args ?? []),
    ];
    const argv = options.cpus === undefined ? node : ['taskset', '-c', options.cpus, ...node];
    const log = openSync(options.logFile, 'w');
    try {
      const child = spawn(argv[0], argv.slice(1), {
        env: options.env,
        stdio: ['ignore', log, log],
      });
      return new PinnedProcess(options.name, child, options.logFile);
    } finally {
      closeSync(log);
    }
  }

  get pid(): number {
    if (this.child.pid === undefined)
      throw new BenchError(BenchErrorCode.ProcessFailedToStart, `${this.name} has no pid`);
    return this.child.pid;
  }

  /** Waits for output matching `pattern` in the log and returns its first capture group. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = pattern.exec(readFileSync(this.logFile, 'utf8'));
      if (match !== null) return match[1] ?? match[0];
      this.assertRunning();
      await sleep(50);
    }
    throw new BenchError(
      BenchErrorCode.Timeout,
      `${this.name} printed no ${pattern} within ${timeoutMs} ms`,
    );
  }

  /** Polls `url` until it answers 2xx. */
  async waitForHttp(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      this.assertRunning();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.ok) return;
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(200);
    }
    throw new BenchError(
      BenchErrorCode.Timeout,
      `${this.name} not ready at ${url} within ${timeoutMs} ms (${last})`,
    );
  }

  private assertRunning(): void {
    if (this.exitCode !== undefined)
      throw new BenchError(
        BenchErrorCode.ProcessExited,
        `${this.name} exited with code ${this.exitCode}; see its log`,
      );
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exitCode === undefined) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        sleep(timeoutMs).then(() => false),
      ]);
      if (!stopped) {
        this.child.kill('SIGKILL');
        await exited;
      }
    }
  }
}

process.on('exit', () => PinnedProcess.killAll());

/** A port free on loopback right now, for services that must be told their port up front. */
export function freePort(): Promise<number> {
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
