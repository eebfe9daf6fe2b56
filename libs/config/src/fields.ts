import { z } from 'zod';
import { withFieldMetadata } from './field-metadata';

/**
 * Builders for the kinds of values services read from the environment. Each accepts the raw
 * string the environment holds and produces a typed value; messages say what a valid value
 * looks like. The loader adds the offending value to the message (unless the field is secret),
 * so the builders never echo input themselves.
 */

const PORT_MESSAGE = 'expected integer 1-65535';

/** A TCP port, e.g. `PORT: port().default(4000)`. */
export function port() {
  const schema = z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, { error: PORT_MESSAGE })
    .transform(Number)
    .refine((value) => value >= 1 && value <= 65535, { error: PORT_MESSAGE });
  return withFieldMetadata(schema, { example: '4000' });
}

export interface UrlOptions {
  /** Accepted schemes without the colon, e.g. `['http', 'https']`. Any scheme when omitted. */
  protocols?: readonly string[];
  /** Shown when the variable is missing. */
  example?: string;
}

/**
 * An absolute URL, kept as a string. URLs can carry `user:password@`, so the loader never echoes
 * a bad value and `redactConfig` masks the password part.
 */
export function url(options: UrlOptions = {}) {
  const protocols = options.protocols;
  const expected = protocols ? `expected a ${protocols.join('/')} URL` : 'expected an absolute URL';
  const schema = z
    .string()
    .trim()
    .refine(
      (value) => {
        const parsed = URL.parse(value);
        return (
          parsed !== null &&
          (protocols === undefined || protocols.includes(parsed.protocol.slice(0, -1)))
        );
      },
      { error: expected },
    );
  return withFieldMetadata(schema, {
    credentialsInUrl: true,
    example: options.example ?? 'http://127.0.0.1:8080',
  });
}

const BROKER = /^[A-Za-z0-9.-]+:(\d{1,5})$|^\[[0-9A-Fa-f:]+\]:(\d{1,5})$/;
const BROKERS_MESSAGE =
  'expected a comma-separated host:port list, e.g. 127.0.0.1:19092,127.0.0.1:19093';

/** `a, b,,c` → `['a', 'b', 'c']`: entries trimmed, empty ones dropped. */
export function splitCommaList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/** An optional comma-separated list (empty when unset): `ALLOWED: commaList('a,b')`. */
export function commaList(example: string) {
  return z.string().default('').transform(splitCommaList).describe(`comma-separated, e.g. ${example}`);
}

/** Kafka bootstrap brokers: `host:port[,host:port…]` into a list. */
export function kafkaBrokers() {
  const schema = z
    .string()
    .transform(splitCommaList)
    .refine((brokers) => brokers.length > 0 && brokers.every(isBroker), { error: BROKERS_MESSAGE });
  return withFieldMetadata(schema, { example: '127.0.0.1:19092' });
}

function isBroker(entry: string): boolean {
  const match = BROKER.exec(entry);
  if (match === null) return false;
  const portNumber = Number(match[1] ?? match[2]);
  return portNumber >= 1 && portNumber <= 65535;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A pino log level, case-insensitive: `LOG_LEVEL: logLevel().default('info')`. */
export function logLevel() {
  const schema = z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }));
  return withFieldMetadata(schema, { example: 'info' });
}

const DURATION = /^(\d+)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION_MESSAGE = 'expected a duration such as 1500, 1500ms, 10s, 5m or 1h';

/** A duration in milliseconds; a bare number is milliseconds. */
export function durationMs() {
  const schema = z
    .string()
    .trim()
    .regex(DURATION, { error: DURATION_MESSAGE })
    .transform((value) => {
      const [, amount, unit] = DURATION.exec(value) ?? [];
      return Number(amount) * (UNIT_MS[unit ?? 'ms'] ?? 1);
    })
    .refine((value) => Number.isSafeInteger(value), { error: DURATION_MESSAGE });
  return withFieldMetadata(schema, { example: '10s' });
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** A boolean flag: true/false, 1/0, yes/no, on/off (any case). */
export function bool() {
  const schema = z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => TRUE_WORDS.includes(value) || FALSE_WORDS.includes(value), {
      error: 'expected true or false',
    })
    .transform((value) => TRUE_WORDS.includes(value));
  return withFieldMetadata(schema, { example: 'true' });
}

export interface IntegerOptions {
  min: number;
  max: number;
  example: string;
}

/** A whole number within bounds, e.g. `KAFKA_TOPIC_PARTITIONS: integer({ min: 1, max: 1000, example: '6' }).default(6)`. */
export function integer(options: IntegerOptions) {
  const message = `expected an integer from ${options.min} to ${options.max}`;
  const schema = z
    .string()
    .trim()
    .regex(/^-?\d{1,15}$/, { error: message })
    .transform(Number)
    .refine((value) => value >= options.min && value <= options.max, { error: message });
  return withFieldMetadata(schema, { example: options.example });
}
