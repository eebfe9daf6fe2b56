import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';

/** A clock tests move by hand. */
export interface ManualClock {
  now: Clock;
  advanceMs(ms: number): void;
}

export function manualClock(start: Date): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advanceMs: (ms) => {
      current += ms;
    },
  };
}

export interface OutboxEvent {
  topic: string;
  key: string;
  payload: Record<string, unknown> & { type: string };
}

/** Outbox rows in id order, for asserting which events a change wrote. */
export async function outboxEvents(dataSource: DataSource): Promise<OutboxEvent[]> {
  return dataSource.query('SELECT topic, key, payload FROM outbox ORDER BY id');
}
