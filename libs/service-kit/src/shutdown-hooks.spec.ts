import { createLogger } from '@gatehouse/observability';
import { Writable } from 'node:stream';
import { ShutdownHooks } from './shutdown-hooks';

const silent = createLogger({
  service: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

describe('ShutdownHooks', () => {
  it('runs hooks one after another in registration order', async () => {
    const events: string[] = [];
    const hooks = new ShutdownHooks();
    hooks.add('stop consumers', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push('consumers stopped');
    });
    hooks.add('flush producer', () => {
      events.push('producer flushed');
    });
    await expect(hooks.runAll(silent)).resolves.toEqual({ failed: [] });
    expect(events).toEqual(['consumers stopped', 'producer flushed']);
  });

  it('keeps going after a failing hook and names it', async () => {
    const events: string[] = [];
    const hooks = new ShutdownHooks();
    hooks.add('close pool', async () => Promise.reject(new Error('already closed')));
    hooks.add('close clickhouse', () => {
      events.push('clickhouse closed');
    });
    await expect(hooks.runAll(silent)).resolves.toEqual({ failed: ['close pool'] });
    expect(events).toEqual(['clickhouse closed']);
  });
});
