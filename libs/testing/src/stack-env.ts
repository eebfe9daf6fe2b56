import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StackEnvError, StackEnvErrorCode } from './stack-env-error';

/**
 * Endpoints of the real local stack (Kafka, PostgreSQL, ClickHouse) for integration and e2e
 * tests. `tools/stack/stack.sh start` writes them to `.gatehouse/stack.env`; the jest global
 * setup loads that file into process.env. Values already in the environment win, so a CI job
 * or a developer can point tests at other servers.
 */
export interface StackEnv {
  kafkaBrokers: string[];
  /** The `gatehouse` database. */
  databaseUrl: string;
  /** The `gatehouse_test` database on the same server. */
  databaseTestUrl: string;
  /** `external`: a server that was already running; `private`: the stack's own cluster. */
  postgresMode: 'external' | 'private' | 'unknown';
  clickhouse: { url: string; database: string; username: string; password: string };
}

/** Where the stack tool writes stack.env (GATEHOUSE_STACK_DIR moves it, as in tools/stack). */
export function stackEnvFilePath(): string {
  return join(
    process.env.GATEHOUSE_STACK_DIR ?? join(__dirname, '..', '..', '..', '.gatehouse'),
    'stack.env',
  );
}

const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' });

const stackEnvSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port[,host:port]')).min(1)),
  DATABASE_URL: postgresUrl,
  DATABASE_TEST_URL: postgresUrl.optional(),
  GATEHOUSE_PG_MODE: z.enum(['external', 'private']).optional(),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }),
  CLICKHOUSE_DATABASE: z.string().min(1).default('gatehouse'),
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
});

export type StackEnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Parses the KEY=VALUE lines of stack.env: `#` comments and blank lines are skipped, and a
 * value the stack tool single-quoted (because a shell would interpret it) is unquoted.
 */
export function parseStackEnvText(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    values[line.slice(0, eq)] = unquote(line.slice(eq + 1));
  }
  return values;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("'\\''", "'");
  }
  return value;
}

/** The stack.env values, or none when the stack has never been started. */
export function readStackEnvFile(file: string = stackEnvFilePath()): Record<string, string> {
  return existsSync(file) ? parseStackEnvText(readFileSync(file, 'utf8')) : {};
}

/** Validates and shapes endpoint variables; pure, so tests can feed it any source. */
export function stackEnvFrom(source: StackEnvSource): StackEnv {
  const result = stackEnvSchema.safeParse(source);
  if (!result.success) {
    // Name the fields, never echo the values: a URL may carry a password.
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new StackEnvError(
      StackEnvErrorCode.InvalidStackEnv,
      `local stack endpoints are not usable (${problems.join('; ')}); run \`bash tools/stack/stack.sh start\``,
    );
  }
  const env = result.data;
  return {
    kafkaBrokers: env.KAFKA_BROKERS,
    databaseUrl: env.DATABASE_URL,
    databaseTestUrl: env.DATABASE_TEST_URL ?? withDatabase(env.DATABASE_URL, 'gatehouse_test'),
    postgresMode: env.GATEHOUSE_PG_MODE ?? 'unknown',
    clickhouse: {
      url: env.CLICKHOUSE_URL,
      database: env.CLICKHOUSE_DATABASE,
      username: env.CLICKHOUSE_USER,
      password: env.CLICKHOUSE_PASSWORD,
    },
  };
}

/** Endpoints for tests: process.env first, then `.gatehouse/stack.env`. */
export function stackEnv(): StackEnv {
  return stackEnvFrom({ ...readStackEnvFile(), ...process.env });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
