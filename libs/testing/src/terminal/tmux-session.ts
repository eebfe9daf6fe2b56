import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { TerminalError, TerminalErrorCode } from './terminal-error';

const run = promisify(execFile);

export interface TmuxSessionOptions {
  /** argv of the program; it runs directly (no shell) in the pane. */
  readonly command: readonly string[];
  /** The program's whole environment: nothing of the test's own environment leaks in. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Terminal size; wide enough by default that URLs on the screen do not wrap. */
  readonly columns?: number;
  readonly rows?: number;
}

export interface WaitForTextOptions {
  readonly timeoutMs: number;
  /** Screen polling period; default 200 ms. */
  readonly intervalMs?: number;
}

const DEFAULT_COLUMNS = 200;
const DEFAULT_ROWS = 50;
const KILL_GRACE_MS = 2_000;

/**
 * An interactive program in a detached tmux session on a tmux server of its own (`-L` with a
 * random socket name), so a test never touches a developer's tmux and `kill()` ends exactly
 * what it started. The pane stays open after the program exits (`remain-on-exit`), so the last
 * screen can still be read when a program quits unexpectedly.
 */
export class TmuxSession {
  private killed = false;

  private constructor(
    readonly socketName: string,
    readonly sessionName: string,
    /** Process id of the program in the pane (its process group leader). */
    readonly pid: number,
  ) {}

  static async start(options: TmuxSessionOptions): Promise<TmuxSession> {
    await requireTmux();
    const socketName = `gatehouse-${randomBytes(6).toString('hex')}`;
    const sessionName = 'main';
    const env = Object.entries(options.env).map(([key, value]) => `${key}=${value}`);
    // `env -i` gives the program exactly options.env: the tmux server's own environment
    // (copied from this test process) would otherwise be merged in.
    const argv = ['env', '-i', ...env, ...options.command];
    const tmux = (args: string[]) => run('tmux', ['-L', socketName, ...args]);
    try {
      await tmux([
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        sessionName,
        '-x',
        String(options.columns ?? DEFAULT_COLUMNS),
        '-y',
        String(options.rows ?? DEFAULT_ROWS),
        '-c',
        options.cwd,
        ...argv,
      ]);
      await tmux(['set-option', '-t', sessionName, 'remain-on-exit', 'on']);
      const { stdout } = await tmux(['display-message', '-p', '-t', sessionName, '#{pane_pid}']);
      return new TmuxSession(socketName, sessionName, Number(stdout.trim()));
    } catch (cause) {
      await run('tmux', ['-L', socketName, 'kill-server']).catch(() => undefined);
      throw new TerminalError(TerminalErrorCode.TmuxFailed, `cannot start ${options.command[0]}`, {
        cause,
      });
    }
  }

  /** tmux key names, one key each: 'Enter', 'Up', 'Down', 'Escape', 'C-c', 'y' … */
  async sendKeys(...keys: string[]): Promise<void> {
    await this.tmux(['send-keys', '-t', this.sessionName, ...keys]);
  }

  /** Types `text` literally (no key-name lookup); send 'Enter' separately to submit it. */
  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', this.sessionName, '-l', text]);
  }

  /**
   * Types a prompt and submits it once the program has drawn it. An Enter sent in the same burst
   * as the text can land inside the program's paste detection (Claude Code's input box takes a
   * fast burst of keys as one paste) and be taken as part of it; waiting for the echo and a short
   * settle makes the Enter a keypress of its own.
   */
  async submit(text: string, options: { echoTimeoutMs: number; settleMs?: number }): Promise<void> {
    await this.type(text);
    const tail = text.slice(-24).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.waitForText(new RegExp(tail), { timeoutMs: options.echoTimeoutMs });
    await sleep(options.settleMs ?? 500);
    await this.sendKeys('Enter');
  }

  /** The visible screen as plain text, wrapped lines joined (`capture-pane -J`). */
  async capture(): Promise<string> {
    const { stdout } = await this.tmux(['capture-pane', '-p', '-J', '-t', this.sessionName]);
    return stdout;
  }

  /** True once the program in the pane has exited. */
  async exited(): Promise<boolean> {
    const { stdout } = await this.tmux(['display-message', '-p', '-t', this.sessionName, '#{pane_dead}']);
    return stdout.trim() === '1';
  }

  /**
   * Polls the screen until `pattern` matches and returns the match. Times out with the last
   * screen in the message, which is usually all that is needed to see what the program did.
   */
  async waitForText(pattern: RegExp, options: WaitForTextOptions): Promise<RegExpExecArray> {
    const deadline = performance.now() + options.timeoutMs;
    let screen = '';
    for (;;) {
      screen = await this.capture();
      const match = pattern.exec(screen);
      if (match !== null) return match;
      if (performance.now() >= deadline) break;
      if (await this.exited()) {
        throw new TerminalError(
          TerminalErrorCode.Timeout,
          `the program exited before ${String(pattern)} appeared; last screen:\n${screen}`,
        );
      }
      await sleep(options.intervalMs ?? 200);
    }
    throw new TerminalError(
      TerminalErrorCode.Timeout,
      `${String(pattern)} did not appear within ${options.timeoutMs} ms; last screen:\n${screen}`,
    );
  }

  /** Ends the tmux server and, should it survive the hangup, the program's process group. */
  async kill(): Promise<void> {
    if (this.killed) return;
    this.killed = true;
    await run('tmux', ['-L', this.socketName, 'kill-server']).catch(() => undefined);
    const deadline = performance.now() + KILL_GRACE_MS;
    while (isAlive(this.pid) && performance.now() < deadline) await sleep(50);
    if (isAlive(this.pid)) signalGroup(this.pid, 'SIGKILL');
  }

  private async tmux(args: string[]): Promise<{ stdout: string }> {
    try {
      return await run('tmux', ['-L', this.socketName, ...args]);
    } catch (cause) {
      throw new TerminalError(TerminalErrorCode.TmuxFailed, `tmux ${args[0]} failed`, { cause });
    }
  }
}

async function requireTmux(): Promise<void> {
  try {
    await run('tmux', ['-V']);
  } catch (cause) {
    throw new TerminalError(
      TerminalErrorCode.ToolMissing,
      'tmux is not installed; run tools/dev/install-browser.sh',
      { cause },
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pane's program leads its own process group (tmux starts it in a new session). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
