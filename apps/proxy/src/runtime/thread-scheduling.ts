import { execFile } from 'node:child_process';

/**
 * Linux scheduling policies for one thread of this process, set with util-linux's `chrt` (Node
 * has no binding for sched_setscheduler(2)). `idle` is SCHED_IDLE: the thread runs only when no
 * normal thread of the machine wants its core, and a normal thread that wakes up takes the core
 * from it at once. `normal` is SCHED_OTHER with the thread's nice value kept.
 */
export type ThreadPolicy = 'idle' | 'normal';

/** Sets a thread's policy; rejects with chrt's reason. */
export type SetThreadPolicy = (tid: number, policy: ThreadPolicy) => Promise<void>;

/** Whether this process may move a thread from `idle` back to `normal`; why not when it may not. */
export type IdleSchedulingSupport =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

const COMMAND_TIMEOUT_MS = 5_000;

/** Runs a command; rejects with what it printed on stderr, or why it could not run. */
function run(file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: COMMAND_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(String(stderr).trim() || error.message));
    });
  });
}

export const setThreadPolicy: SetThreadPolicy = (tid, policy) =>
  run('chrt', [policy === 'idle' ? '--idle' : '--other', '-p', '0', String(tid)]);

/**
 * Leaving SCHED_IDLE raises a thread's priority, which an unprivileged process may do only within
 * its RLIMIT_NICE (0 by default) or with CAP_SYS_NICE. Probed on a throwaway process at the
 * thread's nice value before any thread is made idle, so no thread can get stuck there.
 */
export async function probeIdleScheduling(nice: number): Promise<IdleSchedulingSupport> {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  try {
    await run('nice', ['-n', String(nice), 'chrt', '--idle', '0', 'chrt', '--other', '0', 'true']);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
