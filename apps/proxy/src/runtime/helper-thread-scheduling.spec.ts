import {
  HELPER_THREAD_NICE,
  PROMOTED_HELPER_NICE,
  scheduleHelperThreads,
} from './helper-thread-scheduling';
import type { IdleSchedulingSupport, ThreadPolicy } from './thread-scheduling';
import { recordingLogger } from '../testing/recording-logger';

function harness(support: IdleSchedulingSupport = { ok: true }, lowestNice = -20) {
  const niced: Array<[number, number]> = [];
  const changes: Array<[number, ThreadPolicy]> = [];
  const { logger, logged } = recordingLogger();
  const loads: number[] = [];
  let sampled = 0;
  const start = (tids: readonly number[]) =>
    scheduleHelperThreads({
      tids,
      logger,
      sampleMs: 5,
      calmMs: 60_000,
      probe: (nice) => {
        expect(nice).toBe(HELPER_THREAD_NICE);
        return Promise.resolve(support);
      },
      setNice: (tid, nice) => {
        if (tid === 404) throw new Error('ESRCH');
        if (nice < lowestNice) throw new Error('EACCES');
        niced.push([tid, nice]);
      },
      setPolicy: (tid, policy) => {
        changes.push([tid, policy]);
        return Promise.resolve();
      },
      utilization: () => {
        sampled += 1;
        return loads.shift() ?? 0;
      },
    });
  const samples = (): number => sampled;
  return { start, niced, changes, logged, loads, samples };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('scheduleHelperThreads', () => {
  it('lowers the helpers to nice 5, idles them, and gives them normal scheduling at nice 0 while the request thread is saturated', async () => {
    const { start, niced, changes, loads, samples } = harness();
    loads.push(0.3, 0.95);
    const helpers = await start([21, 22]);
    try {
      expect(new Set(niced.map(([, nice]) => nice))).toEqual(new Set([HELPER_THREAD_NICE]));
      expect(changes).toEqual([
        [21, 'idle'],
        [22, 'idle'],
      ]);
      await until(() => changes.length === 4);
      expect(changes.slice(2)).toEqual([
        [21, 'normal'],
        [22, 'normal'],
      ]);
      await until(() => niced.length === 6);
      expect(niced.slice(4)).toEqual([
        [21, PROMOTED_HELPER_NICE],
        [22, PROMOTED_HELPER_NICE],
      ]);
      expect(samples()).toBeGreaterThanOrEqual(2);
    } finally {
      helpers.stop();
    }
  });

  it('keeps promoted helpers at nice 5 where the process may not raise them further', async () => {
    const { start, niced, changes, loads, logged } = harness({ ok: true }, HELPER_THREAD_NICE);
    loads.push(0.95);
    const helpers = await start([21]);
    try {
      await until(() => changes.length === 2);
      expect(changes).toEqual([
        [21, 'idle'],
        [21, 'normal'],
      ]);
      expect(niced.every(([, nice]) => nice === HELPER_THREAD_NICE)).toBe(true);
      expect(logged.filter(({ level }) => level === 'error' || level === 'warn')).toEqual([]);
    } finally {
      helpers.stop();
    }
  });

  it('leaves out a helper that has exited since the snapshot, and schedules the others', async () => {
    const { start, niced, changes, logged } = harness();
    const helpers = await start([404, 21]);
    helpers.stop();
    expect(niced).toEqual([
      [21, 5],
      [21, 5],
    ]);
    expect(changes).toEqual([[21, 'idle']]);
    expect(logged.filter(({ level }) => level === 'error')).toEqual([]);
  });

  it('does nothing but say so when no helper thread is left', async () => {
    const { start, changes, logged, samples } = harness();
    const helpers = await start([404]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    helpers.stop();
    expect(changes).toEqual([]);
    expect(samples()).toBe(0);
    expect(logged).toEqual([
      { level: 'info', msg: 'no Node helper threads to schedule', fields: { helperThreads: 1 } },
    ]);
  });

  it('keeps the helpers at nice 5 under normal scheduling where they could not leave idle again, and says why', async () => {
    const { start, niced, changes, logged, samples } = harness({
      ok: false,
      reason: 'chrt: Operation not permitted',
    });
    const helpers = await start([21]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    helpers.stop();
    expect(niced).toEqual([[21, 5]]);
    expect(changes).toEqual([]);
    expect(samples()).toBe(0);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'info',
        fields: { helperThreads: 1, reason: 'chrt: Operation not permitted' },
      }),
    ]);
  });

  it('stops sampling when stopped', async () => {
    const { start, samples } = harness();
    const helpers = await start([21]);
    await until(() => samples() >= 1);
    helpers.stop();
    const seen = samples();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(samples()).toBe(seen);
  });
});
