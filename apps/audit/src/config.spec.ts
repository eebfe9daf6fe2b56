import { loadConfig, redactConfig } from '@gatehouse/config';
import { auditConfigSchema } from './config';

describe('audit config', () => {
  it('applies the ClickHouse defaults and redacts the password', () => {
    const config = loadConfig(auditConfigSchema, {
      KAFKA_BROKERS: '127.0.0.1:19092',
      CLICKHOUSE_URL: 'http://127.0.0.1:18123',
      CLICKHOUSE_PASSWORD: 'ch-canary-0001',
    });
    expect(config).toMatchObject({
      PORT: 4003,
      CLICKHOUSE_DATABASE: 'gatehouse',
      CLICKHOUSE_USER: 'default',
    });
    expect(JSON.stringify(redactConfig(auditConfigSchema, config))).not.toContain('ch-canary-0001');
  });

  it('rejects a database name that would need quoting', () => {
    expect(() =>
      loadConfig(auditConfigSchema, {
        KAFKA_BROKERS: 'k:1',
        CLICKHOUSE_URL: 'http://c:1',
        CLICKHOUSE_DATABASE: 'x; drop',
      }),
    ).toThrow("CLICKHOUSE_DATABASE: expected a database name such as gatehouse, got 'x; drop'");
  });
});
