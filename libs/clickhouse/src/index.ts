export * from './clickhouse-error';
export * from './sql-literal';
export * from './clickhouse-client';
export * from './migrations/migration-files';
export * from './migrations/migrator';
