import { SCHED_IDLE, SCHED_OTHER, threadPolicy } from '@gatehouse/testing';
import { readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { probeIdleScheduling, setThreadPolicy } from './thread-scheduling';

/** A thread that reports its Linux thread id and then waits to be terminated. */
async function startThread(): Promise<{ tid: number; worker: Worker }> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
     parentPort.postMessage(tid);
     setInterval(() => undefined, 1_000);`,
    { eval: true },
  );
  const tid = await new Promise<number>((resolve) => worker.once('message', resolve));
  return { tid, worker };
}

describe('thread scheduling (Linux, chrt)', () => {
  it('moves one thread to SCHED_IDLE and back, where the process may, and leaves the others', async () => {
    const support = await probeIdleScheduling(5);
    if (!support.ok) {
      // Not Linux, unprivileged with RLIMIT_NICE 0, or no chrt: the reason is what the proxy logs.
      expect(support.reason).toMatch(/not Linux|not permitted|ENOENT|chrt/i);
      return;
    }
    const { tid, worker } = await startThread();
    try {
      const ownTid = Number(readlinkSync('/proc/thread-self').split('/').pop());
      expect(threadPolicy(tid)).toBe(SCHED_OTHER);

      await setThreadPolicy(tid, 'idle');
      expect(threadPolicy(tid)).toBe(SCHED_IDLE);
      expect(threadPolicy(ownTid)).toBe(SCHED_OTHER);

      await setThreadPolicy(tid, 'normal');
      expect(threadPolicy(tid)).toBe(SCHED_OTHER);
    } finally {
      await worker.terminate();
    }
  });

  it('rejects with chrt’s reason for a thread that does not exist', async () => {
    await expect(setThreadPolicy(2 ** 22 + 1, 'idle')).rejects.toThrow(/chrt|No such process/);
  });
});
