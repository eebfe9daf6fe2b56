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
 * Encodes `buildUsageEvent` outputs as given: its tests prove every output validates, so there is
 * no schema parse here (ADR 0011), exactly as `encodeEvent` with `validation: 'trusted'`. An event
 * that cannot be serialised is reported and sent as an empty line, which the worker counts and
 * skips.
 */
export function encodeUsageLines(
  events: readonly RequestCompletedV1[],
  onUnencodable: (event: RequestCompletedV1, error: Error) => void,
): string {
  let lines = '';
  for (const event of events) {
    let line: string;
    try {
      const key = RequestCompletedV1Definition.key(event);
      line = `${JSON.stringify(event.id)}\t${JSON.stringify(key)}\t${JSON.stringify(event)}\n`;
    } catch (error) {
      // Plain data cannot fail to serialise, so this is a bug; it costs the event, not its batch.
      // The line stays, empty of an event, so the worker's count of lines still matches.
      onUnencodable(event, error instanceof Error ? error : new Error(String(error)));
      line = '\n';
    }
    lines += line;
  }
  return lines;
}

/**
 * The events of `encodeUsageLines` output, in order, and how many lines it had. A line that is not
 * in the format (a bug, not an input: both ends are this file) is reported and skipped rather than
 * thrown, so it can neither cost the rest of its batch nor crash the worker that would be handed
 * the same batch again after a restart.
 */
export function decodeUsageLines(
  text: string,
  onBadLine: (offset: number, reason: string) => void,
): { events: EncodedUsageEvent[]; lines: number } {
  const events: EncodedUsageEvent[] = [];
  let lines = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines += 1;
    // An empty line stands for an event its encoder already reported (`encodeUsageLines`).
    const event = end === start ? null : decodeLine(text.slice(start, end));
    if (typeof event === 'string') onBadLine(start, event);
    else if (event !== null) events.push(event);
    start = end + 1;
  }
  return { events, lines };
}

function decodeLine(line: string): EncodedUsageEvent | string {
  const afterId = line.indexOf('\t');
  const afterKey = afterId === -1 ? -1 : line.indexOf('\t', afterId + 1);
  if (afterKey === -1) return 'expected <id>\\t<key>\\t<event>';
  try {
    const id: unknown = JSON.parse(line.slice(0, afterId));
    const key: unknown = JSON.parse(line.slice(afterId + 1, afterKey));
    if (typeof id !== 'string' || typeof key !== 'string') return 'id and key must be JSON strings';
    return { id, key, json: line.slice(afterKey + 1) };
  } catch (error) {
    return `id or key is not JSON: ${(error as Error).message}`;
  }
}
