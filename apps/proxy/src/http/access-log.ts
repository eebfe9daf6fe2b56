import type { ProxyLogger } from './proxy-runtime';

/** One access line per proxied request. Every field is an id, a code or a number. */
export interface AccessLine {
  readonly requestId: string;
  readonly op: string;
  readonly user: string;
  readonly upstream: string | undefined;
  readonly status: number;
  readonly ms: number;
  readonly aborted: true | undefined;
}

export interface AccessLogger {
  write(line: AccessLine): void;
}

/** The parts of a pino logger the access log needs (a child with its own redaction settings). */
export interface ChildCapableLogger {
  child(bindings: Record<string, unknown>, options: { redact: { paths: string[] } }): ProxyLogger;
}

/**
 * The access log writes through a child logger without path redaction. The service-wide
 * redaction lists every credential key at four depths with wildcards, and pino evaluates those
 * paths on every line: measured at about 110 µs per access line, a third of the proxy's CPU per
 * request. An `AccessLine` is built field by field from ids, codes and numbers, so nothing in it
 * can carry a credential and there is nothing to redact. Every other proxy log line keeps the
 * redacting logger.
 */
export function createAccessLogger(logger: ChildCapableLogger): AccessLogger {
  const plain = logger.child({ component: 'access' }, { redact: { paths: [] } });
  return { write: (line) => plain.info(line, 'proxied') };
}
