import { z } from 'zod';
import { secret } from './field-metadata';
import { port, url } from './fields';
import { loadConfig } from './load-config';
import { maskUrlPassword, redactConfig } from './redact-config';

const schema = z.object({
  PORT: port().default(4000),
  DATABASE_URL: url(),
  CLICKHOUSE_PASSWORD: secret(z.string()).default(''),
  UPSTREAM_API_KEY: secret(z.string()).optional(),
  TOKEN: secret(z.string().min(1)),
});

describe('redactConfig', () => {
  it('replaces secrets and masks URL passwords, leaving other values readable', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:5432/gatehouse',
      CLICKHOUSE_PASSWORD: 'ch-canary',
      TOKEN: 'tok-canary',
    });
    const safe = redactConfig(schema, config);
    expect(safe).toEqual({
      PORT: 4000,
      DATABASE_URL: 'postgres://app:[redacted]@127.0.0.1:5432/gatehouse',
      CLICKHOUSE_PASSWORD: '[redacted]',
      TOKEN: '[redacted]',
    });
    expect(JSON.stringify(safe)).not.toMatch(/hunter2|ch-canary|tok-canary/);
  });

  it('keeps an unset secret visibly unset', () => {
    const config = loadConfig(schema, { DATABASE_URL: 'http://127.0.0.1', TOKEN: 'x' });
    const safe = redactConfig(schema, config);
    expect(safe.CLICKHOUSE_PASSWORD).toBe('');
    expect(safe.UPSTREAM_API_KEY).toBeUndefined();
    expect(safe.TOKEN).toBe('[redacted]');
  });

  it('treats keys the schema does not know as secret', () => {
    const config = {
      ...loadConfig(schema, { DATABASE_URL: 'http://127.0.0.1', TOKEN: 'x' }),
      EXTRA: 'value',
    };
    expect(redactConfig(schema, config).EXTRA).toBe('[redacted]');
  });
});

describe('maskUrlPassword', () => {
  it('leaves URLs without a password unchanged', () => {
    expect(maskUrlPassword('postgres://postgres@127.0.0.1:5432/gatehouse')).toBe(
      'postgres://postgres@127.0.0.1:5432/gatehouse',
    );
    expect(maskUrlPassword('not a url')).toBe('not a url');
  });
});
