import { randomBytes } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { stackEnv } from './stack-env';

/**
 * Proves that the @clickhouse/client calls the services rely on work against the local
 * server, which is Debian's ClickHouse 18.16, and keep working on a current server. Settings
 * and formats that 18.16 rejects are listed in docs/local-stack.md.
 */
describe('@clickhouse/client against the local ClickHouse', () => {
  const table = `compat_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let client: ClickHouseClient;

  beforeAll(() => {
    const { clickhouse } = stackEnv();
    client = createClient({
      url: clickhouse.url,
      database: clickhouse.database,
      username: clickhouse.username,
      password: clickhouse.password,
      // Expected server errors in this file would otherwise be printed by the client itself.
      log: { level: ClickHouseLogLevel.OFF },
    });
  });

  afterAll(async () => {
    await client.command({ query: `DROP TABLE IF EXISTS ${table}` });
    await client.close();
  });

  it('pings the server', async () => {
    await expect(client.ping()).resolves.toEqual({ success: true });
  });

  it('creates a partitioned MergeTree table with command()', async () => {
    await client.command({
      query: `CREATE TABLE ${table} (id String, tokens UInt64, day Date, at DateTime)
              ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY id`,
    });
    const rows = await (
      await client.query({ query: `EXISTS TABLE ${table}`, format: 'JSONEachRow' })
    ).json<{ result: number }>();
    expect(rows).toEqual([{ result: 1 }]);
  });

  it('inserts JSONEachRow and reads it back with query() as JSONEachRow', async () => {
    await client.insert({
      table,
      format: 'JSONEachRow',
      values: [
        { id: 'a', tokens: 12, day: '2025-01-02', at: '2025-01-02 03:04:05' },
        // DateTime from epoch seconds: the one numeric form both old and new servers accept.
        { id: 'b', tokens: 30, day: '2025-01-02', at: 1735787045 },
      ],
    });
    const rows = await (
      await client.query({
        query: `SELECT id, tokens, day, at FROM ${table} ORDER BY id`,
        format: 'JSONEachRow',
      })
    ).json<{ id: string; tokens: string; day: string; at: string }>();
    // UInt64 arrives as a string in JSON formats on 18.16 and on current servers alike.
    expect(rows).toEqual([
      { id: 'a', tokens: '12', day: '2025-01-02', at: '2025-01-02 03:04:05' },
      { id: 'b', tokens: '30', day: '2025-01-02', at: '2025-01-02 03:04:05' },
    ]);
  });

  it('accepts ISO-8601 timestamps when date_time_input_format is best_effort', async () => {
    await client.insert({
      table,
      format: 'JSONEachRow',
      values: [{ id: 'iso', tokens: 1, day: '2025-01-04', at: '2025-01-04T05:06:07Z' }],
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    const rows = await (
      await client.query({
        query: `SELECT at FROM ${table} WHERE id = 'iso'`,
        format: 'JSONEachRow',
      })
    ).json<{ at: string }>();
    expect(rows).toEqual([{ at: '2025-01-04 05:06:07' }]);
  });

  it('streams JSONEachRow rows', async () => {
    const result = await client.query({
      query: 'SELECT number FROM system.numbers LIMIT 3',
      format: 'JSONEachRow',
    });
    const numbers: string[] = [];
    for await (const batch of result.stream<{ number: string }>()) {
      for (const row of batch) numbers.push(row.json().number);
    }
    expect(numbers).toEqual(['0', '1', '2']);
  });

  it('surfaces a server error as a rejected promise with the server message', async () => {
    await expect(
      client.query({ query: `SELECT missing_column FROM ${table}`, format: 'JSONEachRow' }),
    ).rejects.toThrow(/missing_column/);
  });
});
