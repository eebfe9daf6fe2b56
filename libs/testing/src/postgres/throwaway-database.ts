import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface ThrowawayDatabase {
  /** Connection string of the new database, for the services a test starts against it. */
  readonly url: string;
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh PostgreSQL database on the stack's server, so a service started by the test migrates
 * its own schema there and shares no users, roles or signing keys with the developer's stack or
 * with other test runs. `prefix` names the suite in the database name, which helps find leftovers
 * of a run that was killed before it could drop its database.
 */
export async function createThrowawayDatabase(
  serverUrl: string,
  prefix = 'gatehouse_e2e',
): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
