import { readdirSync, readFileSync } from 'node:fs';

/** sched_setscheduler(2) policy numbers as /proc shows them. */
export const SCHED_OTHER = 0;
export const SCHED_IDLE = 5;

/**
 * A thread's scheduling policy, from /proc/<pid>/task/<tid>/stat field 41 (this process's thread
 * unless `pid` names another); undefined once it exited.
 */
export function threadPolicy(
  tid: number | string,
  pid: number | 'self' = 'self',
): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after "(comm) " start at field 3 (state); the command name may contain spaces.
    return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[41 - 3]);
  } catch {
    return undefined;
  }
}

/** The policies of this process's threads named `name` (Linux thread names, up to 15 characters). */
export function threadPoliciesNamed(name: string): number[] {
  const policies: number[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    let comm: string;
    try {
      comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // the thread exited while we looked
    }
    const policy = comm === name ? threadPolicy(tid) : undefined;
    if (policy !== undefined) policies.push(policy);
  }
  return policies;
}
