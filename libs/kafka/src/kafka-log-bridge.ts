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

interface ProtocolErrorCode {
  readonly message: string;
  readonly retriable: boolean;
}

/**
 * The messages of the Kafka protocol errors kafkajs retries by itself (a coordinator still loading
 * right after the broker starts, a leader election, …), from kafkajs's own error table: the same
 * text its connection puts in `error` when it logs a failed response.
 */
const RETRIABLE_PROTOCOL_ERRORS: ReadonlySet<string> = new Set(
  (require('kafkajs/src/protocol/error') as { errorCodes: ProtocolErrorCode[] }).errorCodes
    .filter((code) => code.retriable)
    .map((code) => code.message),
);

/**
 * kafkajs logs every failed response at ERROR before its retry runs, so a coordinator that needs
 * another second after a broker start reads like an outage. Those go out at WARN: if the retries
 * run out, the caller's own error (a failed publish, a consumer crash) is still logged at ERROR.
 */
function isRetriedResponseError(message: string, extra: Record<string, unknown>): boolean {
  return (
    message.startsWith('Response ') &&
    typeof extra.error === 'string' &&
    RETRIABLE_PROTOCOL_ERRORS.has(extra.error)
  );
}

/** Bridges kafkajs' log creator to a pino-style logger. */
export function kafkaLogCreator(logger: KafkaLogger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      let target = mapKafkaLogLevel(level);
      if (target === 'warn' && EXPECTED_WARNINGS.some((prefix) => message.startsWith(prefix)))
        target = 'debug';
      else if (target === 'error' && isRetriedResponseError(message, extra)) target = 'warn';
      if (target === undefined) return;
      logger[target]({ kafka: namespace, ...extra }, message);
    };
}
