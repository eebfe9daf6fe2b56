import type { ClickHouseClient } from '@clickhouse/client';
import type { RequestRow } from './request-row';

/** Where ingested request rows go. Implementations throw on failure so the consumer retries. */
export interface RequestsSink {
  write(rows: readonly RequestRow[]): Promise<void>;
}

export const REQUESTS_SINK = Symbol('RequestsSink');

/** Writes rows to the `requests` table in one JSONEachRow insert per batch. */
export class ClickHouseRequestsSink implements RequestsSink {
  constructor(private readonly client: ClickHouseClient) {}

  async write(rows: readonly RequestRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({ table: 'requests', values: [...rows], format: 'JSONEachRow' });
  }
}
