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
 * How the producer checks an event before it is serialised.
 * - `schema` (the default): parsed with the definition's schema; a malformed event throws.
 * - `trusted`: no per-event parse. Only for events made by one typed builder whose own unit tests
 *   prove every output validates, whose schema has no defaults or transforms (the event is
 *   serialised as given), and on a path where the parse is a measurable share of the CPU per
 *   request: the proxy's usage event (ADR 0011). Consumers still validate every message.
 */
export type EventValidation = 'schema' | 'trusted';

export interface EncodeOptions {
  readonly validation?: EventValidation;
}

/**
 * Validates an event against its definition's schema and turns it into a record. The parsed
 * output is what gets serialised, so schema defaults and transforms apply exactly once, here.
 * Throws KafkaContractError instead of sending anything malformed.
 */
export function encodeEvent<D extends AnyEventDefinition>(
  def: D,
  event: EventOf<D>,
  options: EncodeOptions = {},
): OutgoingRecord {
  if (options.validation === 'trusted') return toRecord(def, event);
  const result = def.schema.safeParse(event);
  if (!result.success) throw new KafkaContractError(def.type, result.error.issues);
  return toRecord(def, result.data as EventOf<D>);
}

function toRecord<D extends AnyEventDefinition>(def: D, event: EventOf<D>): OutgoingRecord {
  return {
    topic: def.topic,
    key: def.key(event),
    value: JSON.stringify(event),
    headers: buildEventHeaders(def, event),
  };
}
