import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import type { MachineFacts } from './results';
import type { CoreLayout } from './topology';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** Read before pinning: once this process is pinned, Node sees only its own core. */
export function machineFacts(): MachineFacts {
  const sha = git(['rev-parse', '--short=12', 'HEAD']) || 'unknown';
  // A run on uncommitted changes says so, so its figures are not credited to the commit alone.
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    nodeVersion: process.version,
    commit: dirty ? `${sha} (with uncommitted changes)` : sha,
    os: `Linux ${release()}`,
  };
}

/**
 * On two or more cores the proxy under test gets core 0 to itself and everything else (this
 * load generator and the simulators) shares core 1, so "on one core" in the latency
 * target is literal. On one core nothing is pinned.
 */
export function coreLayout(nproc: number): { layout: CoreLayout; description: string } {
  if (nproc < 2) return { layout: {}, description: 'none (one core: all processes share it)' };
  return {
    layout: { proxy: '0', load: '1' },
    description:
      'proxy under test (relay, baseline or gateway) `taskset -c 0`; simulators and load generator `taskset -c 1`',
  };
}

/** Pins every thread of this process (libuv pool and V8 helpers included) to `cpus`. */
export function pinSelf(cpus: string | undefined): string | undefined {
  if (cpus === undefined) return undefined;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
    return undefined;
  } catch (error) {
    return `could not pin the load generator to CPU ${cpus}: ${(error as Error).message}`;
  }
}

export function openFilesLimit(): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(
    readFileSync('/proc/self/limits', 'utf8'),
  );
  if (match === null) return undefined;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

/**
 * Thousands of held streams need two descriptors each in the proxy and one in the client and the
 * simulator. `prlimit` raises this process's limit in place (children inherit it); without the
 * right to raise it the scenario runs anyway and its errors show the shortfall.
 */
export function raiseOpenFilesLimit(wanted: number): string {
  const before = openFilesLimit() ?? 0;
  if (before >= wanted) return `open files limit ${before} (enough, left as is)`;
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${wanted}:${wanted}`], {
      stdio: 'ignore',
    });
    return `open files limit raised from ${before} to ${openFilesLimit()} with prlimit`;
  } catch (error) {
    return `open files limit ${before}; raising it to ${wanted} failed: ${(error as Error).message}`;
  }
}
