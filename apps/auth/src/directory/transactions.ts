import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in the caller's transaction when one is given (so a login can upsert the user,
 * create the session and write both events atomically), else in a new one.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return manager === undefined ? dataSource.transaction(work) : work(manager);
}

/** Rows of `UPDATE … RETURNING` through TypeORM's postgres driver, which answers [rows, count]. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}
