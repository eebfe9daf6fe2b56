import { createClient, type ClickHouseClient } from '@clickhouse/client';

/** Where and as whom to reach ClickHouse. `password` is a secret: never log this object whole. */
export interface ClickHouseConnection {
  readonly url: string;
  readonly database: string;
  readonly username: string;
  readonly password: string;
  readonly requestTimeoutMs?: number;
}

/**
 * Creates a client that works with ClickHouse 18.16 and current releases alike: it sends no
 * settings newer servers invent (18.16 rejects unknown settings), and relies on the database
 * named in the connection as the default for unqualified table names.
 */
export function createClickHouseClient(connection: ClickHouseConnection): ClickHouseClient {
  return createClient({
    url: connection.url,
    database: connection.database,
    username: connection.username,
    password: connection.password,
    request_timeout: connection.requestTimeoutMs ?? 30_000,
    application: 'gatehouse',
  });
}
