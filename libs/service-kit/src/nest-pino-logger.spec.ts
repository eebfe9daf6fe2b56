import { createLogger } from '@gatehouse/observability';
import { Writable } from 'node:stream';
import { PinoNestLogger } from './nest-pino-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return {
    lines,
    nest: new PinoNestLogger(createLogger({ service: 'test', level: 'debug', destination })),
  };
}

describe('PinoNestLogger', () => {
  it('writes Nest messages as JSON with their context', () => {
    const { lines, nest } = capture();
    nest.log('Nest application successfully started', 'NestApplication');
    nest.warn('deprecated option', 'ConfigModule');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'debug',
        context: 'NestApplication',
        msg: 'Nest application successfully started',
      }),
      expect.objectContaining({ level: 'warn', context: 'ConfigModule', msg: 'deprecated option' }),
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionsHandler',
        msg: 'boom',
        stack: 'Error: boom\n    at x',
      }),
    ]);
  });

  it('keeps application log calls at info and redacts objects', () => {
    const { lines, nest } = capture();
    nest.log({ msg: 'user created', password: 'canary-pw' }, 'UsersService');
    expect(lines[0]).toMatchObject({
      level: 'info',
      context: 'UsersService',
      msg: 'user created',
      password: '[redacted]',
    });
  });
});
