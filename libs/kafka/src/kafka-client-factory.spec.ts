import { logLevel, type LogEntry } from 'kafkajs';
import { toKafkaJsConfig } from './kafka-client-factory';
import { describeKafkaConfig, type KafkaConfig } from './kafka-config';
import { kafkaLogCreator, mapKafkaLogLevel } from './kafka-log-bridge';
import { silentKafkaLogger, type KafkaLogger } from './kafka-logger';

const config: KafkaConfig = {
  brokers: ['b1:9092', 'b2:9092'],
  clientId: 'gatehouse-test',
  ssl: true,
  sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret-value' },
  connectionTimeoutMs: 1_500,
};

function recordingLogger() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => lines.push({ level, obj, msg });
  const logger: KafkaLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { lines, logger };
}

const entry = (level: logLevel, message: string, extra: object = {}): LogEntry => ({
  namespace: 'Producer',
  level,
  label: 'x',
  log: { timestamp: 't', message, ...extra },
});

describe('kafka client config', () => {
  it('maps brokers, timeouts, TLS and SASL to kafkajs options', () => {
    const options = toKafkaJsConfig(config, silentKafkaLogger);
    expect(options).toMatchObject({
      clientId: 'gatehouse-test',
      brokers: ['b1:9092', 'b2:9092'],
      connectionTimeout: 1_500,
      requestTimeout: 30_000,
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret-value' },
    });
  });

  it('describes the config for logs without the password', () => {
    const described = JSON.stringify(describeKafkaConfig(config));
    expect(described).not.toContain('s3cret-value');
    expect(described).toContain('"username":"svc"');
  });
});

describe('kafkajs log bridge', () => {
  it('lowers kafkajs INFO chatter to debug and keeps warnings and errors', () => {
    expect(mapKafkaLogLevel(logLevel.INFO)).toBe('debug');
    expect(mapKafkaLogLevel(logLevel.WARN)).toBe('warn');
    expect(mapKafkaLogLevel(logLevel.ERROR)).toBe('error');
    expect(mapKafkaLogLevel(logLevel.NOTHING)).toBeUndefined();
  });

  it('forwards the message with the namespace and extra fields', () => {
    const { lines, logger } = recordingLogger();
    const log = kafkaLogCreator(logger)(logLevel.INFO);
    log(entry(logLevel.ERROR, 'Connection error', { broker: 'b1:9092' }));
    log(
      entry(
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    expect(lines).toEqual([
      { level: 'error', obj: { kafka: 'Producer', broker: 'b1:9092' }, msg: 'Connection error' },
      {
        level: 'debug',
        obj: { kafka: 'Producer' },
        msg: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      },
    ]);
  });

  it('logs a response error kafkajs retries at warn, and any other at error', () => {
    const { lines, logger } = recordingLogger();
    const log = kafkaLogCreator(logger)(logLevel.INFO);
    const response = 'Response InitProducerId(key: 22, version: 1)';
    log(entry(logLevel.ERROR, response, { error: 'The group coordinator is not available' }));
    log(
      entry(logLevel.ERROR, response, {
        error: 'Not authorized to access topics: [Topic authorization failed]',
      }),
    );
    log(
      entry(logLevel.ERROR, 'Connection error', {
        error: 'The group coordinator is not available',
      }),
    );
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error', 'error']);
  });
});
