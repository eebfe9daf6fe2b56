import { parseStackEnvText, stackEnvFrom } from './stack-env';
import { StackEnvError, StackEnvErrorCode } from './stack-env-error';

const written = [
  '# Written by tools/stack/stack.sh start; do not edit (the next start rewrites it).',
  'KAFKA_BROKERS=127.0.0.1:19092',
  'DATABASE_URL=postgres://postgres@127.0.0.1:5432/gatehouse',
  'DATABASE_TEST_URL=postgres://postgres@127.0.0.1:5432/gatehouse_test',
  'GATEHOUSE_PG_MODE=external',
  'CLICKHOUSE_URL=http://127.0.0.1:18123',
  'CLICKHOUSE_DATABASE=gatehouse',
  'CLICKHOUSE_USER=default',
  'CLICKHOUSE_PASSWORD=',
  '',
].join('\n');

describe('parseStackEnvText', () => {
  it('reads KEY=VALUE lines and skips comments and blank lines', () => {
    const values = parseStackEnvText(written);
    expect(values.KAFKA_BROKERS).toBe('127.0.0.1:19092');
    expect(values.CLICKHOUSE_PASSWORD).toBe('');
    expect(Object.keys(values)).toHaveLength(8);
  });

  it('keeps "=" inside values and unquotes shell-quoted ones', () => {
    const values = parseStackEnvText("A=x=y\nB='p a'\\''ss'\n");
    expect(values).toEqual({ A: 'x=y', B: "p a'ss" });
  });
});

describe('stackEnvFrom', () => {
  it('shapes the variables the stack tool writes', () => {
    expect(stackEnvFrom(parseStackEnvText(written))).toEqual({
      kafkaBrokers: ['127.0.0.1:19092'],
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/gatehouse',
      databaseTestUrl: 'postgres://postgres@127.0.0.1:5432/gatehouse_test',
      postgresMode: 'external',
      clickhouse: {
        url: 'http://127.0.0.1:18123',
        database: 'gatehouse',
        username: 'default',
        password: '',
      },
    });
  });

  it('splits several brokers and derives the test database when it is not given', () => {
    const env = stackEnvFrom({
      KAFKA_BROKERS: 'a:1, b:2',
      DATABASE_URL: 'postgresql://u:p@db:5433/gatehouse',
      CLICKHOUSE_URL: 'http://ch:8123',
    });
    expect(env.kafkaBrokers).toEqual(['a:1', 'b:2']);
    expect(env.databaseTestUrl).toBe('postgresql://u:p@db:5433/gatehouse_test');
    expect(env.postgresMode).toBe('unknown');
    expect(env.clickhouse.database).toBe('gatehouse');
  });

  it('names every bad field without echoing secret values', () => {
    const attempt = () =>
      stackEnvFrom({
        KAFKA_BROKERS: 'no-port',
        DATABASE_URL: 'mysql://u:s3cret@h/db',
        CLICKHOUSE_URL: 'x',
      });
    expect(attempt).toThrow(StackEnvError);
    try {
      attempt();
    } catch (error) {
      const { code, message } = error as StackEnvError;
      expect(code).toBe(StackEnvErrorCode.InvalidStackEnv);
      expect(message).toContain('KAFKA_BROKERS');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('CLICKHOUSE_URL');
      expect(message).not.toContain('s3cret');
    }
  });

  it('fails when a required variable is missing', () => {
    expect(() => stackEnvFrom({ KAFKA_BROKERS: '127.0.0.1:19092' })).toThrow(/DATABASE_URL/);
  });
});
