import { readdirSync } from 'node:fs';

/**
 * The Linux thread ids of this process's threads other than the main one, read from
 * `/proc/self/task`. Taken before the service starts threads of its own (main.ts), these are the
 * threads Node started for itself: V8's platform workers, which compile hot code to optimised code
 * and help the garbage collector of every isolate in the process, and Node's delayed-task and
 * signal-handler threads. Empty where there is no procfs (not Linux).
 */
export function nodeHelperThreadIds(
  taskDirectory = '/proc/self/task',
  mainThreadId: number = process.pid,
): number[] {
  let entries: string[];
  try {
    entries = readdirSync(taskDirectory);
  } catch {
    return [];
  }
  return entries
    .map(Number)
    .filter((tid) => Number.isInteger(tid) && tid !== mainThreadId)
    .sort((a, b) => a - b);
}
