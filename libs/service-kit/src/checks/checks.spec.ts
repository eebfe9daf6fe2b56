import { clickhouseCheck } from './clickhouse-check';
import { kafkaCheck } from './kafka-check';
import { postgresCheck } from './postgres-check';

describe('postgresCheck over an existing connection', () => {
  it('runs SELECT 1 and reports success', async () => {
    const statements: string[] = [];
    const check = postgresCheck({ query: async (sql: string) => statements.push(sql) });
    await expect(check.check()).resolves.toEqual({ ok: true, detail: 'SELECT 1 answered' });
    expect(statements).toEqual(['SELECT 1']);
    expect(check.name).toBe('postgres');
  });

  it('reports the driver error code and message', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const check = postgresCheck({
      query: async () => Promise.reject(new AggregateError([refused], '')),
    });
    await expect(check.check()).resolves.toEqual({
      ok: false,
      detail: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});

describe('clickhouseCheck', () => {
  it('maps a ping result', async () => {
    await expect(
      clickhouseCheck({ ping: async () => ({ success: true }) }).check(),
    ).resolves.toEqual({ ok: true, detail: 'ping answered' });
    const down = clickhouseCheck({
      ping: async () => ({ success: false, error: new Error('ECONNREFUSED') }),
    });
    await expect(down.check()).resolves.toEqual({ ok: false, detail: 'ECONNREFUSED' });
  });
});

describe('kafkaCheck', () => {
  it('passes the KafkaHealth result through under the name kafka', async () => {
    const check = kafkaCheck({
      check: async () => ({ ok: false, detail: 'kafka: BROKER_UNAVAILABLE' }),
    });
    expect(check.name).toBe('kafka');
    await expect(check.check()).resolves.toEqual({
      ok: false,
      detail: 'kafka: BROKER_UNAVAILABLE',
    });
  });
});
