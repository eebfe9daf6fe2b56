import { AdaptiveIdleScheduling } from './adaptive-idle-scheduling';
import type { ThreadPolicy } from './thread-scheduling';
import { recordingLogger } from '../testing/recording-logger';

// The promotion and calm-period rules are specified through UsageWorkerScheduling
// (usage-worker-scheduling.spec.ts); this covers what that one-thread user cannot: several threads.

function harness(failOn?: { tid: number; policy: ThreadPolicy }) {
  const changes: Array<[number, ThreadPolicy]> = [];
  const { logger, logged } = recordingLogger();
  const scheduling = new AdaptiveIdleScheduling({
    logger,
    thresholds: { promoteAbove: 0.8, calmBelow: 0.5, calmMs: 1_000, maxCalmMs: 1_000 },
    labels: {
      pressureField: 'load',
      promoted: 'busy',
      cannotLeaveIdle: 'stuck idle',
      cannotIdle: 'cannot idle',
    },
    setPolicy: (tid, policy) => {
      if (failOn?.tid === tid && failOn.policy === policy)
        return Promise.reject(new Error('No such process'));
      changes.push([tid, policy]);
      return Promise.resolve();
    },
  });
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return { scheduling, changes, logged, settle };
}

describe('AdaptiveIdleScheduling', () => {
  it('changes every attached thread together, and logs the load figure under its own name', async () => {
    const { scheduling, changes, logged, settle } = harness();
    await scheduling.attachThreads([11, 12, 13]);
    scheduling.observe(0.9);
    await settle();
    expect(changes).toEqual([
      [11, 'idle'],
      [12, 'idle'],
      [13, 'idle'],
      [11, 'normal'],
      [12, 'normal'],
      [13, 'normal'],
    ]);
    expect(logged).toEqual([
      { level: 'info', msg: 'busy', fields: { load: 0.9, nextCalmMs: 1_000 } },
    ]);
  });

  it('stops at the first thread that cannot be changed, names it, and changes nothing after', async () => {
    const { scheduling, changes, logged, settle } = harness({ tid: 12, policy: 'idle' });
    await scheduling.attachThreads([11, 12, 13]);
    scheduling.observe(0.9);
    await settle();
    expect(changes).toEqual([[11, 'idle']]);
    expect(logged).toEqual([
      {
        level: 'error',
        msg: 'cannot idle',
        fields: { tid: 12, policy: 'idle', err: 'No such process' },
      },
    ]);
  });
});
