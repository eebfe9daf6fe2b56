import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type { AnyEventDefinition } from '@gatehouse/contracts';
import type { IHeaders } from 'kafkajs';

/** Header names every Gatehouse event carries, so tools can route a message without parsing it. */
export const EventHeader = {
  TYPE: 'event-type',
  VERSION: 'event-version',
  ID: 'event-id',
  CONTENT_TYPE: 'content-type',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';

/** The idempotency key of an event, when its schema has the standard envelope `id` field. */
export function eventIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || !('id' in event)) return undefined;
  return typeof event.id === 'string' ? event.id : undefined;
}

/**
 * Headers for one outgoing event. The trace context of `ctx` (the caller's active context by
 * default) is injected with the globally registered propagator, W3C `traceparent` in Gatehouse,
 * so a consumer's span joins the producer's trace. The root context carries neither a span nor
 * baggage, so there is nothing to inject: skipping the propagator call there matters to the
 * proxy's usage worker, which has no active span and encodes an event per request.
 */
export function buildEventHeaders(
  def: Pick<AnyEventDefinition, 'type' | 'version'>,
  event: unknown,
  ctx: Context = context.active(),
): Record<string, string> {
  const headers: Record<string, string> = {
    [EventHeader.TYPE]: def.type,
    [EventHeader.VERSION]: String(def.version),
    [EventHeader.CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };
  const id = eventIdOf(event);
  if (id !== undefined) headers[EventHeader.ID] = id;
  if (ctx !== ROOT_CONTEXT) propagation.inject(ctx, headers);
  return headers;
}

/** kafkajs hands headers over as Buffers (or arrays of them); handlers want plain strings. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    // A repeated header keeps its last value, matching how most Kafka clients read them.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}

/** The producer's trace context carried in a message's headers (root context when absent). */
export function extractTraceContext(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}
