import { ConfigError, loadConfig, redactConfig } from '@gatehouse/config';
import { proxyConfigSchema } from './config';

const CANARY = 'sk-ant-secret-canary-unit-0001';

describe('proxy config', () => {
  it('defaults to port 4000 and redacts the upstream key', () => {
    const config = loadConfig(proxyConfigSchema, { KAFKA_BROKERS: '127.0.0.1:19092', UPSTREAM_ANTHROPIC_API_KEY: CANARY });
    expect(config.PORT).toBe(4000);
    expect(config.UPSTREAM_ANTHROPIC_API_KEY).toBe(CANARY);
    const safe = JSON.stringify(redactConfig(proxyConfigSchema, config));
    expect(safe).not.toContain(CANARY);
    expect(safe).toContain('"UPSTREAM_ANTHROPIC_API_KEY":"[redacted]"');
  });

  it('names KAFKA_BROKERS when it is missing', () => {
    expect(() => loadConfig(proxyConfigSchema, {})).toThrow(ConfigError);
    expect(() => loadConfig(proxyConfigSchema, {})).toThrow('KAFKA_BROKERS: required, e.g. 127.0.0.1:19092');
  });
});
