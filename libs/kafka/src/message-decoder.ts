import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';
import { DeadLetterReason } from './dead-letter';
import { EventHeader } from './event-headers';
import { summarizeIssues } from './kafka-error';

export type DecodeResult<D extends AnyEventDefinition> =
  | { kind: 'event'; event: EventOf<D> }
  /** A null value: on a compacted topic this deletes the key; it is not an error. */
  | { kind: 'tombstone' }
  | { kind: 'rejected'; reason: DeadLetterReason; error: string };

/**
 * Turns a raw message into a typed event or says why it cannot be one. The version is checked
 * before the schema so a message from a newer producer is reported as `unknown-version`
 * rather than as a confusing list of schema issues.
 */
export function decodeEventMessage<D extends AnyEventDefinition>(
  def: D,
  value: Buffer | null,
  headers: Readonly<Record<string, string>>,
): DecodeResult<D> {
  if (value === null) return { kind: 'tombstone' };

  const headerVersion = headers[EventHeader.VERSION];
  if (headerVersion !== undefined && headerVersion !== String(def.version)) {
    return versionMismatch(def, headerVersion);
  }

  let payload: unknown;
  try {
    payload = JSON.parse(value.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      kind: 'rejected',
      reason: DeadLetterReason.INVALID_JSON,
      error: `value is not JSON: ${detail}`,
    };
  }

  if (typeof payload === 'object' && payload !== null && 'version' in payload) {
    const payloadVersion = payload.version;
    if (typeof payloadVersion === 'number' && payloadVersion !== def.version) {
      return versionMismatch(def, String(payloadVersion));
    }
  }

  const result = def.schema.safeParse(payload);
  if (!result.success) {
    return {
      kind: 'rejected',
      reason: DeadLetterReason.SCHEMA_VIOLATION,
      error: summarizeIssues(result.error.issues),
    };
  }
  return { kind: 'event', event: result.data };
}

function versionMismatch(def: AnyEventDefinition, seen: string): DecodeResult<AnyEventDefinition> {
  return {
    kind: 'rejected',
    reason: DeadLetterReason.UNKNOWN_VERSION,
    error: `${def.type} version ${seen} is not handled here; this consumer reads version ${def.version}`,
  };
}
