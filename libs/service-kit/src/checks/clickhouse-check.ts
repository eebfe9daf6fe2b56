import type { ClickHouseClient } from '@clickhouse/client';
import type { ReadinessCheck } from '../readiness';

/**
 * Pings ClickHouse over HTTP. The ping is answered by the server without touching tables, so
 * the probe is cheap enough to run every few seconds.
 */
export function clickhouseCheck(
  client: Pick<ClickHouseClient, 'ping'>,
  name = 'clickhouse',
): ReadinessCheck {
  return {
    name,
    async check() {
      const result = await client.ping();
      if (result.success) return { ok: true, detail: 'ping answered' };
      return { ok: false, detail: result.error.message || result.error.name };
    },
  };
}
