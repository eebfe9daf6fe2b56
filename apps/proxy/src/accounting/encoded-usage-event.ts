import { RequestCompletedV1Definition, type RequestCompletedV1 } from '@gatehouse/contracts';

/**
 * A usage event serialised once, as its Kafka message value, with the two fields the usage worker
 * needs without parsing it back: the message key and the event id (the `event-id` header, and
 * what a log line names).
 */
export interface EncodedUsageEvent {
  readonly id: string;
  readonly key: string;
  readonly json: string;
}

/**
 * How the request thread hands usage events to the worker (ADR 0019): one string per batch, a line
 * per event, `<id>\t<key>\t<event>\n` with each part JSON. JSON never contains a raw tab or newline,
 * so the framing cannot be confused by any value. One string crosses threads as a single copy, where
 * an array of events (or of per-event records) is cloned field by field: the hand-over was about
 * 2 % of the request thread at saturation as records, 3 % as objects. The worker then neither
 * rebuilds objects nor serialises them again.
 *
 * The request thread keeps its own copies until they are settled as the event objects: with their
 * fields' strings shared with the principal and the route, the objects held came to about half the
 * promoted bytes the JSON strings did (ADR 0019).
 *
 * Encodes `buildUsageEvent` outputs as given: its tests prove every output validates, so there is no
 * schema parse here (ADR 0011), exactly as `encodeEvent` with `validation: 'trusted'`.
 */
export function encodeUsageLines(events: readonly RequestCompletedV1[]): string {
  let lines = '';
  for (const event of events)
    lines +=
      `${JSON.stringify(event.id)}\t${JSON.stringify(RequestCompletedV1Definition.key(event))}\t` +
      `${JSON.stringify(event)}\n`;
  return lines;
}

/** One event encoded where it is published (the inline sink, `USAGE_PUBLISHER=inline`). */
export function encodeUsageEvent(event: RequestCompletedV1): EncodedUsageEvent {
  return {
    id: event.id,
    key: RequestCompletedV1Definition.key(event),
    json: JSON.stringify(event),
  };
}

/** The events of `encodeUsageLines` output, in order. */
export function decodeUsageLines(lines: string): EncodedUsageEvent[] {
  const events: EncodedUsageEvent[] = [];
  let start = 0;
  while (start < lines.length) {
    const end = lines.indexOf('\n', start);
    const afterId = lines.indexOf('\t', start);
    const afterKey = lines.indexOf('\t', afterId + 1);
    if (end === -1 || afterId === -1 || afterKey === -1 || afterKey > end)
      throw new Error(`usage lines are not in the hand-over format at offset ${start}`);
    events.push({
      id: JSON.parse(lines.slice(start, afterId)) as string,
      key: JSON.parse(lines.slice(afterId + 1, afterKey)) as string,
      json: lines.slice(afterKey + 1, end),
    });
    start = end + 1;
  }
  return events;
}
