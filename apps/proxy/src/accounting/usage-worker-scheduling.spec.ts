import type { ThreadPolicy } from '../runtime/thread-scheduling';
import { UsageWorkerScheduling } from './usage-worker-scheduling';
import { recordingLogger } from '../testing/recording-logger';

const TID = 4242;

/** A controller with a recording setter and a hand-moved clock. */
function harness(options: { failOn?: ThreadPolicy } = {}) {
  const changes: ThreadPolicy[] = [];
  const { logger, logged } = recordingLogger();
  let now = 0;
  const scheduling = new UsageWorkerScheduling({
    logger,
    promoteAbove: 100,
    calmBelow: 10,
    calmMs: 1_000,
    maxCalmMs: 3_000,
    now: () => now,
    setPolicy: (tid, policy) => {
      expect(tid).toBe(TID);
      if (policy === options.failOn) return Promise.reject(new Error('Operation not permitted'));
      changes.push(policy);
      return Promise.resolve();
    },
  });
  /** Lets the policy change started by the last call finish. */
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    scheduling,
    changes,
    logged,
    settle,
    advance: (ms: number) => (now += ms),
  };
}

describe('UsageWorkerScheduling', () => {
  it('idles a worker as soon as it is attached', async () => {
    const { scheduling, changes } = harness();
    await scheduling.attach(TID);
    expect(changes).toEqual(['idle']);
  });

  it('gives a worker that falls behind normal scheduling, once, and says so', async () => {
    const { scheduling, changes, logged, settle } = harness();
    await scheduling.attach(TID);

    scheduling.observe(100);
    await settle();
    expect(changes).toEqual(['idle']);

    scheduling.observe(101);
    scheduling.observe(500);
    await settle();
    scheduling.observe(900);
    await settle();
    expect(changes).toEqual(['idle', 'normal']);
    expect(logged).toEqual([
      expect.objectContaining({ level: 'info', fields: { backlog: 101, nextCalmMs: 2_000 } }),
    ]);
  });

  it('idles it again only after the backlog stayed small for the calm period', async () => {
    const { scheduling, changes, settle, advance } = harness();
    await scheduling.attach(TID);
    scheduling.observe(101);
    await settle();

    advance(1_500);
    scheduling.observe(11); // still above calmBelow: the calm period starts over
    advance(1_500);
    scheduling.observe(5);
    await settle();
    expect(changes).toEqual(['idle', 'normal']);

    advance(500); // 2 s since the backlog was last above calmBelow: the doubled calm period
    scheduling.observe(5);
    await settle();
    expect(changes).toEqual(['idle', 'normal', 'idle']);
  });

  it('waits longer to idle after each promotion, up to the limit', async () => {
    const { scheduling, changes, settle, advance } = harness();
    await scheduling.attach(TID);
    for (const calm of [2_000, 3_000, 3_000]) {
      scheduling.observe(101);
      await settle();
      advance(calm - 1);
      scheduling.observe(0);
      await settle();
      expect(changes.at(-1)).toBe('normal');
      advance(1);
      scheduling.observe(0);
      await settle();
      expect(changes.at(-1)).toBe('idle');
    }
  });

  it('gives the worker normal scheduling for its last flush', async () => {
    const { scheduling, changes } = harness();
    await scheduling.attach(TID);
    await scheduling.normal();
    expect(changes).toEqual(['idle', 'normal']);
  });

  it('leaves a stopped worker alone and idles its replacement', async () => {
    const { scheduling, changes, settle } = harness();
    await scheduling.attach(TID);
    scheduling.detach();
    scheduling.observe(1_000);
    await settle();
    expect(changes).toEqual(['idle']);

    await scheduling.attach(TID);
    expect(changes).toEqual(['idle', 'idle']);
  });

  it('stops changing the policy after a change fails, and logs why', async () => {
    const { scheduling, changes, logged, settle } = harness({ failOn: 'normal' });
    await scheduling.attach(TID);
    scheduling.observe(101);
    await settle();
    scheduling.observe(101);
    await settle();
    expect(changes).toEqual(['idle']);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: expect.stringContaining('could not leave idle scheduling') as string,
        fields: { tid: TID, policy: 'normal', err: 'Operation not permitted' },
      }),
    ]);
  });
});
