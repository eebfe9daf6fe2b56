import { readFileSync } from 'node:fs';

/** Resident set size in bytes from the text of `/proc/<pid>/status`; undefined when absent. */
export function parseVmRssBytes(statusText: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(statusText);
  return match === null ? undefined : Number(match[1]) * 1024;
}

/**
 * User plus system CPU time in clock ticks from the text of `/proc/<pid>/stat`. The command name
 * (field 2) is in parentheses and may hold spaces, so the fields are counted after its closing one.
 */
export function parseCpuTicks(statText: string): number | undefined {
  const afterName = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime), numbered from 1 with field 3 at index 0 here.
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

export function readRssBytes(pid: number): number | undefined {
  try {
    return parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readCpuTicks(pid: number): number | undefined {
  try {
    return parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Linux reports CPU times in USER_HZ ticks, 100 per second on every architecture Node runs on. */
export const CLOCK_TICKS_PER_SECOND = 100;
