import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, REDACTED_VALUE } from './redact-paths';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Service name, stamped on every line as `service`. */
  service: string;
  /** pino level name, e.g. `info` or `debug`. */
  level: string;
  /** Human-readable output for a developer's terminal; JSON otherwise (the default). */
  pretty?: boolean;
  /** Where lines go; stdout when omitted. Tests pass a stream to capture output. */
  destination?: DestinationStream;
}

/**
 * The one logger factory for services: JSON lines with ISO time, `service`/`pid`/`host` on
 * every line, the level as a word, and credentials redacted by path before serialisation.
 */
export function createLogger(options: LoggerOptions): Logger {
  const config: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service, pid: process.pid, host: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED_VALUE },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
  if (options.pretty) {
    // pino-pretty runs in a worker thread, so pretty output costs the service's event loop nothing.
    return pino({ ...config, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return options.destination ? pino(config, options.destination) : pino(config);
}
