import { Pool } from 'pg';
import type { ClosableReadinessCheck } from '../readiness';

/** Anything that runs SQL: a TypeORM `DataSource` or a `pg` pool both fit. */
export interface SqlQueryable {
  query(sql: string): Promise<unknown>;
}

export interface PostgresCheckOptions {
  name?: string;
  /** Bounds both connecting and the query, so a dead server is reported quickly. */
  timeoutMs?: number;
}

/**
 * Runs `SELECT 1`. Given a connection string, the check keeps its own one-connection pool, apart
 * from the service's pool, so a busy application pool cannot make the service look dead and
 * the probe never takes a connection request handlers need.
 */
export function postgresCheck(
  target: string | SqlQueryable,
  options: PostgresCheckOptions = {},
): ClosableReadinessCheck {
  const name = options.name ?? 'postgres';
  const timeoutMs = options.timeoutMs ?? 2_000;
  let pool: Pool | undefined;
  const queryable: SqlQueryable =
    typeof target === 'string'
      ? (pool = new Pool({
          connectionString: target,
          max: 1,
          connectionTimeoutMillis: timeoutMs,
          query_timeout: timeoutMs,
          idleTimeoutMillis: 10_000,
          allowExitOnIdle: true,
          application_name: 'gatehouse-readiness',
        }))
      : target;
  // An idle connection dropped by the server emits 'error' on the pool; without a listener that
  // would crash the process. The next check reports the outage instead.
  pool?.on('error', () => undefined);
  return {
    name,
    async check() {
      try {
        await queryable.query('SELECT 1');
        return { ok: true, detail: 'SELECT 1 answered' };
      } catch (error) {
        return { ok: false, detail: describePgError(error) };
      }
    },
    async close() {
      await pool?.end();
    },
  };
}

function describePgError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return describePgError(error.errors[0]);
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  return `${code}${error.message || error.name}`;
}
