import { ConfigError, loadConfig } from '@gatehouse/config';
import { z } from 'zod';
import { serviceConfigShape } from './service-config';

const schema = z.object(serviceConfigShape({ port: 4000 }));

describe('serviceConfigShape', () => {
  it('queues 4096 connections by default, above Node’s 511', () => {
    expect(loadConfig(schema, {}).LISTEN_BACKLOG).toBe(4096);
  });

  it('takes LISTEN_BACKLOG from the environment', () => {
    expect(loadConfig(schema, { LISTEN_BACKLOG: '16384' }).LISTEN_BACKLOG).toBe(16384);
  });

  it.each(['0', '-1', '70000', 'lots'])(
    'refuses LISTEN_BACKLOG=%s and names the variable',
    (value) => {
      expect(() => loadConfig(schema, { LISTEN_BACKLOG: value })).toThrow(ConfigError);
      expect(() => loadConfig(schema, { LISTEN_BACKLOG: value })).toThrow(/LISTEN_BACKLOG/);
    },
  );
});
