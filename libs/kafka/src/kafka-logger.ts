/**
 * The logging surface this library needs. A pino logger satisfies it, so services pass their
 * own logger and this library does not depend on the observability library.
 */
export interface KafkaLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Used when a caller does not care about logs (short-lived tools, some tests). */
export const silentKafkaLogger: KafkaLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
