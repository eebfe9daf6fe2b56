import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';
import { buildEventHeaders } from './event-headers';
import { KafkaContractError } from './kafka-error';

/** One message ready for the wire: validated, keyed and with its headers. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Validates an event against its definition's schema and turns it into a record. The parsed
 * output is what gets serialised, so schema defaults and transforms apply exactly once, here.
 * Throws KafkaContractError instead of sending anything malformed.
 */
export function encodeEvent<D extends AnyEventDefinition>(
  def: D,
  event: EventOf<D>,
): OutgoingRecord {
  const result = def.schema.safeParse(event);
  if (!result.success) throw new KafkaContractError(def.type, result.error.issues);
  const parsed: EventOf<D> = result.data;
  return {
    topic: def.topic,
    key: def.key(parsed),
    value: JSON.stringify(parsed),
    headers: buildEventHeaders(def, parsed),
  };
}
