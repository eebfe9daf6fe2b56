import type { KafkaLogger } from '@gatehouse/kafka';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { AdaptiveIdleScheduling, type IdleThresholds } from './adaptive-idle-scheduling';
import {
  probeIdleScheduling,
  setThreadPolicy,
  type IdleSchedulingSupport,
  type SetThreadPolicy,
} from './thread-scheduling';

/** The helpers' nice value: the usage worker's, so the same RLIMIT_NICE lets both leave SCHED_IDLE. */
export const HELPER_THREAD_NICE = 5;
/**
 * The nice value promoted helpers get back where the process may raise them that far
 * (CAP_SYS_NICE or RLIMIT_NICE 20): the request thread's own, so a saturated proxy's compilers and
 * GC helpers share the core exactly as with `normal` scheduling.
 */
export const PROMOTED_HELPER_NICE = 0;

export interface HelperThreadSchedulingOptions {
  /** Node's helper threads (nodeHelperThreadIds, taken at start). */
  readonly tids: readonly number[];
  readonly logger: KafkaLogger;
  /** Request-thread event-loop utilisation (0–1) above which the helpers get normal scheduling. */
  readonly promoteAbove?: number;
  /** Utilisation at or below which, for the calm period, the helpers idle again. */
  readonly calmBelow?: number;
  readonly calmMs?: number;
  readonly maxCalmMs?: number;
  /** How often the request thread's utilisation is sampled. */
  readonly sampleMs?: number;
  /** Seams for tests. */
  readonly setPolicy?: SetThreadPolicy;
  readonly setNice?: (tid: number, nice: number) => void;
  readonly probe?: (nice: number) => Promise<IdleSchedulingSupport>;
  readonly utilization?: () => number;
}

export interface HelperThreadScheduling {
  /** Stops sampling; the helpers keep the policy they have. */
  stop(): void;
}

/** Event-loop utilisation of the request thread (0–1). */
const HELPER_THRESHOLDS: IdleThresholds = {
  promoteAbove: 0.85,
  calmBelow: 0.6,
  calmMs: 10_000,
  maxCalmMs: 5 * 60_000,
};
const DEFAULT_SAMPLE_MS = 1_000;

/** The request thread's event-loop utilisation since the previous call. */
function utilizationSampler(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

/**
 * Keeps Node's helper threads out of the request thread's way (ADR 0022). V8 compiles hot code on
 * these threads, for the request thread's isolate and for the usage worker's, and a compilation
 * takes several milliseconds of the one core the proxy has: requests that arrive meanwhile wait
 * out the helper's time slice. The helpers get nice 5 and then run SCHED_IDLE, so a request takes
 * the core from them at once; while the request thread is busy for more than `promoteAbove` of the
 * time (a saturated core leaves them no idle time, and compilation must still finish), they get
 * normal scheduling back until the load has been calm again (AdaptiveIdleScheduling).
 */
export async function scheduleHelperThreads(
  options: HelperThreadSchedulingOptions,
): Promise<HelperThreadScheduling> {
  const { tids, logger } = options;
  const setNice = options.setNice ?? setPriority;
  // A helper that has exited since the snapshot cannot be lowered, and is left out from here on:
  // a policy change that failed on it would stop the controller for the others.
  const alive = tids.filter((tid) => {
    try {
      setNice(tid, HELPER_THREAD_NICE);
      return true;
    } catch {
      return false;
    }
  });
  if (alive.length === 0) {
    logger.info({ helperThreads: tids.length }, 'no Node helper threads to schedule');
    return { stop: () => undefined };
  }
  const support = await (options.probe ?? probeIdleScheduling)(HELPER_THREAD_NICE);
  if (!support.ok) {
    logger.info(
      { helperThreads: alive.length, reason: support.reason },
      'Node helper threads keep normal scheduling at nice 5: idle scheduling needs chrt (util-linux) and CAP_SYS_NICE or RLIMIT_NICE >= 15 (docs/proxy.md)',
    );
    return { stop: () => undefined };
  }
  const scheduling = new AdaptiveIdleScheduling({
    setPolicy: withPromotedNice(options.setPolicy ?? setThreadPolicy, setNice),
    logger,
    thresholds: HELPER_THRESHOLDS,
    overrides: options,
    labels: {
      pressureField: 'eventLoopUtilization',
      promoted:
        'request thread is saturated; Node helper threads get normal scheduling until the load is calm',
      cannotLeaveIdle:
        'Node helper threads could not leave idle scheduling; under full load compilation may lag',
      cannotIdle: 'Node helper threads could not be set to idle scheduling; they keep nice 5',
    },
  });
  await scheduling.attachThreads(alive);
  logger.debug({ helperThreads: alive.length }, 'Node helper threads run SCHED_IDLE');
  const utilization = options.utilization ?? utilizationSampler();
  const timer = setInterval(
    () => scheduling.observe(utilization()),
    options.sampleMs ?? DEFAULT_SAMPLE_MS,
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * A policy change that also moves the nice value: down to nice 5 before a helper idles, and back to
 * the request thread's nice 0 once it has normal scheduling again, where the process may raise it
 * that far. Without that privilege (RLIMIT_NICE 15 allows nice 5 and above) it keeps nice 5.
 */
function withPromotedNice(
  setPolicy: SetThreadPolicy,
  setNice: (tid: number, nice: number) => void,
): SetThreadPolicy {
  return async (tid, policy) => {
    if (policy === 'idle') {
      trySetNice(setNice, tid, HELPER_THREAD_NICE);
      await setPolicy(tid, 'idle');
      return;
    }
    await setPolicy(tid, 'normal');
    trySetNice(setNice, tid, PROMOTED_HELPER_NICE);
  };
}

function trySetNice(setNice: (tid: number, nice: number) => void, tid: number, nice: number): void {
  try {
    setNice(tid, nice);
  } catch {
    // Not permitted, or the thread has exited (the policy change then reports it).
  }
}
