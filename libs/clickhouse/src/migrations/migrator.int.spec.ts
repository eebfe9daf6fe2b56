import { stackEnv } from '@gatehouse/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouseClient, type ClickHouseConnection } from '../clickhouse-client';
import { ClickHouseErrorCode } from '../clickhouse-error';
import { sql } from '../sql-literal';
import { readMigrations } from './migration-files';
import { migrate } from './migrator';

function connectionTo(database: string): ClickHouseConnection {
  const { clickhouse } = stackEnv();
  return {
    url: clickhouse.url,
    database,
    username: clickhouse.username,
    password: clickhouse.password,
  };
}

function migrationsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ch-migrate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('migrate against the real ClickHouse', () => {
  const database = `gatehouse_it_${Date.now().toString(36)}`;
  const admin = createClickHouseClient(connectionTo('default'));

  afterAll(async () => {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await admin.close();
  });

  it('creates the database, applies pending migrations once, and records them', async () => {
    const folder = migrationsFolder({
      '0001_events.sql':
        "CREATE TABLE IF NOT EXISTS events (id String, at DateTime('UTC')) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY id;",
      '0002_more.sql':
        'CREATE TABLE IF NOT EXISTS more (n UInt8) ENGINE = MergeTree ORDER BY n;\n' +
        'INSERT INTO more (n) VALUES (7);',
    });

    const first = await migrate(connectionTo(database), readMigrations(folder));
    const second = await migrate(connectionTo(database), readMigrations(folder));

    expect(first).toEqual({ applied: [1, 2], current: 2 });
    expect(second).toEqual({ applied: [], current: 2 });
    const rows = await (
      await admin.query({ query: `SELECT n FROM ${database}.more`, format: 'JSONEachRow' })
    ).json<{ n: number }>();
    expect(rows).toEqual([{ n: 7 }]);
  });

  it('round-trips a hostile string through the escaping function', async () => {
    const hostile = "it's a \\ 'test'\n--; DROP TABLE x";
    const result = await admin.query({ query: sql`SELECT ${hostile} AS s`, format: 'JSONEachRow' });
    expect(await result.json<{ s: string }>()).toEqual([{ s: hostile }]);
  });

  it('names the failing migration and stops there', async () => {
    const folder = migrationsFolder({
      '0003_broken.sql': 'CREATE TABLE broken (x NoSuchType) ENGINE = Memory;',
    });
    await expect(migrate(connectionTo(database), readMigrations(folder))).rejects.toMatchObject({
      code: ClickHouseErrorCode.MIGRATION_FAILED,
      message: expect.stringContaining('0003_broken'),
    });
  });
});
