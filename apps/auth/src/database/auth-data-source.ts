import { DataSource } from 'typeorm';
import { AUTH_ENTITIES } from './auth-entities';
import { AUTH_MIGRATIONS } from './auth-migrations';
import { AuthDatabaseError, AuthDatabaseErrorCode } from './database-error';

/** The schema the auth service owns inside the shared `gatehouse` database. */
export const DEFAULT_AUTH_SCHEMA = 'auth';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface AuthDataSourceOptions {
  url: string;
  /** Defaults to `auth`; integration tests pass a throwaway schema. */
  schema?: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * A TypeORM DataSource for the auth schema (not yet initialised). The schema goes into both the
 * entity metadata and the connection's search_path, so hand-written SQL (migrations, the outbox
 * relay) uses unqualified table names and lands in the same schema. `synchronize` stays off:
 * the schema changes only through migrations.
 */
export function createAuthDataSource(options: AuthDataSourceOptions): DataSource {
  const schema = authSchemaName(options.schema);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'gatehouse-auth',
    extra: { options: `-c search_path=${schema}` },
  });
}

/** Validates a schema name; it is interpolated into SQL, so only plain identifiers pass. */
export function authSchemaName(schema: string = DEFAULT_AUTH_SCHEMA): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new AuthDatabaseError(
      AuthDatabaseErrorCode.INVALID_SCHEMA,
      `"${schema}" is not a valid schema name; use lowercase letters, digits and underscores`,
    );
  }
  return schema;
}

/** The schema a DataSource from createAuthDataSource works in. */
export function schemaOf(dataSource: DataSource): string {
  const options = dataSource.options;
  return options.type === 'postgres' && options.schema !== undefined
    ? options.schema
    : DEFAULT_AUTH_SCHEMA;
}
