import { z } from 'zod';
import { ConfigError, ConfigErrorCode } from './config-error';
import { bool, durationMs, kafkaBrokers, logLevel, port, url } from './fields';
import { secret } from './field-metadata';
import { loadConfig } from './load-config';

const schema = z.object({
  PORT: port().default(4000),
  LOG_LEVEL: logLevel().default('info'),
  KAFKA_BROKERS: kafkaBrokers(),
  DATABASE_URL: url({
    protocols: ['postgres', 'postgresql'],
    example: 'postgres://postgres@127.0.0.1:5432/gatehouse',
  }),
  SHUTDOWN_TIMEOUT_MS: durationMs().default(10_000),
  TRACE: bool().default(false),
  API_KEY: secret(z.string().min(10, { error: 'expected at least 10 characters' })).optional(),
});

const valid = {
  KAFKA_BROKERS: '127.0.0.1:19092, kafka-2:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gatehouse',
};

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(schema, valid);
    expect(config).toEqual({
      PORT: 4000,
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:19092', 'kafka-2:9092'],
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/gatehouse',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      TRACE: false,
    });
  });

  it('parses each field kind from its string form', () => {
    const config = loadConfig(schema, {
      ...valid,
      PORT: '4100',
      LOG_LEVEL: 'DEBUG',
      SHUTDOWN_TIMEOUT_MS: '5s',
      TRACE: 'yes',
      API_KEY: 'sk-0123456789',
    });
    expect(config.PORT).toBe(4100);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(5_000);
    expect(config.TRACE).toBe(true);
    expect(config.API_KEY).toBe('sk-0123456789');
  });

  it('treats an empty value as unset so defaults apply', () => {
    expect(loadConfig(schema, { ...valid, PORT: '' }).PORT).toBe(4000);
  });

  it('reports every bad variable by name in one error', () => {
    const error = errorOf({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'postgres://db/x',
      SHUTDOWN_TIMEOUT_MS: '3 weeks',
    });
    expect(error.code).toBe(ConfigErrorCode.INVALID_ENVIRONMENT);
    expect(error.issues).toEqual([
      { variable: 'PORT', reason: "expected integer 1-65535, got 'abc'" },
      {
        variable: 'LOG_LEVEL',
        reason: "expected one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
      },
      { variable: 'KAFKA_BROKERS', reason: 'required, e.g. 127.0.0.1:19092' },
      {
        variable: 'SHUTDOWN_TIMEOUT_MS',
        reason: "expected a duration such as 1500, 1500ms, 10s, 5m or 1h, got '3 weeks'",
      },
    ]);
    expect(error.message).toContain("PORT: expected integer 1-65535, got 'abc'");
    expect(error.message).toContain('KAFKA_BROKERS: required, e.g. 127.0.0.1:19092');
  });

  it.each(['0', '65536', '-1', '4000.5'])('rejects port %s', (value) => {
    expect(errorOf({ ...valid, PORT: value }).issues.map((issue) => issue.variable)).toEqual([
      'PORT',
    ]);
  });

  it.each(['localhost', '127.0.0.1:', 'a:1,b', 'host:99999', ' , '])(
    'rejects broker list %p',
    (value) => {
      expect(errorOf({ ...valid, KAFKA_BROKERS: value }).issues[0]?.reason).toMatch(
        /^expected a comma-separated host:port list/,
      );
    },
  );

  it('never echoes a secret value in the error', () => {
    const error = errorOf({ ...valid, API_KEY: 'sk-short' });
    expect(error.issues).toEqual([
      { variable: 'API_KEY', reason: 'expected at least 10 characters (value hidden)' },
    ]);
    expect(error.message).not.toContain('sk-short');
  });

  it('never echoes a URL, which may carry a password', () => {
    const error = errorOf({ ...valid, DATABASE_URL: 'mysql://app:hunter2@db/x' });
    expect(error.issues).toEqual([
      { variable: 'DATABASE_URL', reason: 'expected a postgres/postgresql URL (value hidden)' },
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a value that is not a boolean word', () => {
    expect(errorOf({ ...valid, TRACE: 'maybe' }).issues).toEqual([
      { variable: 'TRACE', reason: "expected true or false, got 'maybe'" },
    ]);
  });
});
