import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { KafkaLogger } from './kafka-logger';

type Level = keyof KafkaLogger;

/**
 * kafkajs logs every connection, join and rebalance at INFO, which drowns a service's own
 * logs; those go to debug. Its WARN and ERROR lines stay, because they are what an operator
 * needs when the cluster misbehaves.
 */
export function mapKafkaLogLevel(level: logLevel): Level | undefined {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
    case logLevel.DEBUG:
      return 'debug';
    case logLevel.NOTHING:
      return undefined;
  }
}

/**
 * Messages kafkajs prints that are expected in Gatehouse's setup and carry no signal. Bounded
 * retries on the idempotent producer are a deliberate choice (see ADR 0004), so the warning
 * about it is lowered to debug instead of repeating at every start.
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

/** Bridges kafkajs' log creator to a pino-style logger. */
export function kafkaLogCreator(logger: KafkaLogger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      let target = mapKafkaLogLevel(level);
      if (target === 'warn' && EXPECTED_WARNINGS.some((prefix) => message.startsWith(prefix)))
        target = 'debug';
      if (target === undefined) return;
      logger[target]({ kafka: namespace, ...extra }, message);
    };
}
