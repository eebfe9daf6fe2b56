import { createLogger } from '@gatehouse/observability';
import { Writable } from 'node:stream';
import { BackgroundStart } from './background-start';

const silent = createLogger({
  service: 'test',
  level: 'fatal',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('BackgroundStart', () => {
  it('reports not ready with the last error while the start keeps failing, then ready once it succeeds', async () => {
    let failures = 2;
    const start = jest.fn(async () => {
      if (failures-- > 0) throw new Error('clickhouse: connect ECONNREFUSED');
    });
    const pipeline = new BackgroundStart({
      name: 'ingestion',
      start,
      stop: async () => undefined,
      logger: silent,
      retryDelayMs: 30,
    });

    pipeline.begin();
    await tick();
    const early = await pipeline.check();
    while (start.mock.calls.length < 3) await tick();
    await tick();

    expect(early).toEqual({ ok: false, detail: 'starting: clickhouse: connect ECONNREFUSED' });
    expect(await pipeline.check()).toEqual({ ok: true });
    await pipeline.stop();
  });

  it('stops a pipeline that finished starting after stop() was requested', async () => {
    let release: () => void = () => undefined;
    const stop = jest.fn(async () => undefined);
    const pipeline = new BackgroundStart({
      name: 'ingestion',
      start: () => new Promise<void>((resolve) => (release = resolve)),
      stop,
      logger: silent,
    });

    pipeline.begin();
    const stopping = pipeline.stop();
    release();
    await stopping;

    expect(stop).toHaveBeenCalledTimes(1);
    expect(await pipeline.check()).toEqual({ ok: false, detail: 'stopped' });
  });

  it('does not retry after stop()', async () => {
    const start = jest.fn(async () => {
      throw new Error('down');
    });
    const pipeline = new BackgroundStart({
      name: 'ingestion',
      start,
      stop: async () => undefined,
      logger: silent,
      retryDelayMs: 1,
    });

    pipeline.begin();
    await pipeline.stop();
    const calls = start.mock.calls.length;
    await tick();

    expect(start.mock.calls.length).toBe(calls);
  });
});
