import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nodeHelperThreadIds } from './node-helper-threads';

describe('nodeHelperThreadIds', () => {
  it('lists the thread ids of a task directory but the main one, in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-task-'));
    try {
      for (const name of ['300', '7', '42', 'not-a-thread']) mkdirSync(join(dir, name));
      expect(nodeHelperThreadIds(dir, 7)).toEqual([42, 300]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is empty where there is no task directory (not Linux)', () => {
    expect(nodeHelperThreadIds(join(tmpdir(), 'gatehouse-no-such-dir'), 1)).toEqual([]);
  });

  const onLinux = process.platform === 'linux' ? it : it.skip;
  onLinux(
    "sees this process's threads, a new one included, and never the main thread",
    async () => {
      const before = nodeHelperThreadIds();
      expect(before).not.toContain(process.pid);
      const worker = new Worker(
        `require('node:worker_threads').parentPort.postMessage(
         Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));
       setInterval(() => undefined, 1_000);`,
        { eval: true },
      );
      try {
        const tid = await new Promise<number>((resolve) => worker.once('message', resolve));
        expect(before).not.toContain(tid);
        expect(nodeHelperThreadIds()).toContain(tid);
      } finally {
        await worker.terminate();
      }
    },
  );
});
