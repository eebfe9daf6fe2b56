import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DAMON_KDAMONDS = '/sys/kernel/mm/damon/admin/kdamonds';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Whether a kernel CPU list such as `0-1,4` names `cpu`. */
export function cpuListIncludes(list: string, cpu: number): boolean {
  return list.split(',').some((part) => {
    const [low, high = low] = part.split('-').map(Number);
    return cpu >= low && cpu <= high;
  });
}

/**
 * A report note for each running DAMON monitor (the kernel thread `kdamond`, which some VMs run to
 * find memory to reclaim) that may run on the proxy's core. It wakes once per sampling interval
 * for a few milliseconds and takes the core from whatever runs there: on the benchmark VM, 4–12 ms
 * every ~0.5 s, visible in the relay's tail as much as in the gateway's (ADR 0021). The benchmark
 * does not move it; the note says it was there.
 */
export function damonNotes(
  proxyCpu: number | undefined,
  roots: { kdamonds: string; proc: string } = { kdamonds: DAMON_KDAMONDS, proc: '/proc' },
): string[] {
  let entries: string[];
  try {
    entries = readdirSync(roots.kdamonds).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const notes: string[] = [];
  for (const entry of entries) {
    const dir = join(roots.kdamonds, entry);
    if (read(join(dir, 'state')) !== 'on') continue;
    const pid = read(join(dir, 'pid'));
    const status = pid === undefined ? undefined : read(join(roots.proc, pid, 'status'));
    const cpus =
      status === undefined ? undefined : /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
    if (proxyCpu !== undefined && cpus !== undefined && !cpuListIncludes(cpus, proxyCpu)) continue;
    const sampleUs = Number(read(join(dir, 'contexts/0/monitoring_attrs/intervals/sample_us')));
    const every =
      Number.isFinite(sampleUs) && sampleUs > 0 ? `, sampling every ${sampleUs / 1000} ms` : '';
    notes.push(
      `kernel memory monitor DAMON running (kdamond pid ${pid ?? '?'}${every}, allowed on CPUs ${cpus ?? 'unknown'}): it may take the proxy core at each wake-up (ADR 0021)`,
    );
  }
  return notes;
}
