import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';
import { encodeEvent, eventIdOf, type OutgoingRecord } from '@gatehouse/kafka';
import type { EntityManager } from 'typeorm';
import { OutboxError, OutboxErrorCode } from './outbox-error';

/**
 * Postgres NOTIFY channel the relay listens on, per schema so test schemas do not wake each
 * other. NOTIFY inside a transaction is delivered at commit, never for a rolled-back write.
 */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/**
 * Appends events to the outbox through the caller's transaction manager, so the event commits
 * or rolls back together with the state change it describes (no dual writes). Events are
 * validated and keyed here, at write time: a malformed event fails the business transaction
 * instead of blocking the relay later.
 */
export class OutboxWriter {
  constructor(private readonly schema: string) {}

  async append<D extends AnyEventDefinition>(
    manager: EntityManager,
    def: D,
    event: EventOf<D>,
  ): Promise<void> {
    await this.appendRecords(manager, [encodeEvent(def, event)]);
  }

  /** Appends already-encoded records; each must carry an `event-id` header or envelope id. */
  async appendRecords(manager: EntityManager, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    const rows = records.map((record, index) => {
      const payload: unknown = JSON.parse(record.value);
      const eventId = record.headers['event-id'] ?? eventIdOf(payload);
      if (eventId === undefined) {
        throw new OutboxError(
          OutboxErrorCode.MISSING_EVENT_ID,
          `outbox record for ${record.topic} has no event id`,
        );
      }
      values.push(eventId, record.topic, record.key, record.value, JSON.stringify(record.headers));
      const base = index * 5;
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO outbox (event_id, topic, key, payload, headers) VALUES ${rows.join(', ')}`,
      values,
    );
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
  }
}
