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

/** A stdout destination that writes whole lines in blocks; see `bufferedStdout`. */
export interface BufferedStdout {
  readonly destination: DestinationStream;
  /** Writes whatever is buffered, synchronously. */
  flush(): void;
  /** Flushes and stops the interval; anything written later still goes out at exit. */
  close(): void;
}

/**
 * stdout in blocks of at least `minBytes` (below sonic-boom's 16 KiB write limit) instead of one
 * write(2) per line, flushed at least every `flushIntervalMs` and when the process exits. For
 * high-rate lines whose loss in a hard crash costs only the last interval (the proxy's access log:
 * usage events, not log lines, are the record). Writes stay synchronous and whole-line, so lines
 * never interleave with the service's other log lines on the same stdout.
 */
export function bufferedStdout(options: {
  minBytes: number;
  flushIntervalMs: number;
}): BufferedStdout {
  const destination = pino.destination({ dest: 1, minLength: options.minBytes, sync: true });
  // On a synchronous destination flush() writes the buffer with write(2) at once; flushSync() also
  // fsyncs, which on a log file cost the request thread a disk sync every interval (profiled at 2 %
  // of the proxy's CPU under load). The periodic flush only writes; exit and close() also sync.
  const write = (): void => {
    try {
      destination.flush();
    } catch {
      // stdout is gone: there is nowhere left to write.
    }
  };
  const flush = (): void => {
    try {
      destination.flushSync();
    } catch {
      // Nothing buffered, or stdout is gone: either way there is nothing left to save.
    }
  };
  const timer = setInterval(write, options.flushIntervalMs);
  timer.unref();
  // pino registers an exit flush only for asynchronous destinations; this one is synchronous.
  process.once('exit', flush);
  return {
    destination,
    flush,
    close: () => {
      clearInterval(timer);
      flush();
    },
  };
}
