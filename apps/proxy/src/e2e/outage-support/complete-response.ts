/**
 * Decides whether a client got a whole answer, not just a 200 status line: the proxy writes the
 * status before a stream is finished, so a request that broke halfway would still show 200.
 * Returns the reason it is incomplete, or undefined when the answer is complete.
 */
export function incompleteReason(body: string, stream: boolean): string | undefined {
  return stream ? incompleteStream(body) : incompleteMessage(body);
}

/** A non-streaming answer is one Messages API `message` object with a stop reason. */
function incompleteMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body is not JSON: ${body.slice(0, 120)}`;
  }
  const message =
    parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (message['type'] !== 'message') return `body is not a message: ${body.slice(0, 120)}`;
  if (!Array.isArray(message['content']) || message['content'].length === 0)
    return 'message has no content';
  if (typeof message['stop_reason'] !== 'string') return 'message has no stop_reason';
  return undefined;
}

/** A stream is complete when it starts with `message_start`, ends with `message_stop` and has no `error` event. */
function incompleteStream(body: string): string | undefined {
  const events = body
    .split('\n\n')
    .map((frame) => /^event: (\S+)/m.exec(frame)?.[1])
    .filter((name): name is string => name !== undefined);
  if (events.includes('error')) return `stream carried an error event: ${body.slice(-200)}`;
  if (events[0] !== 'message_start')
    return `stream did not start with message_start (${events[0] ?? 'no events'})`;
  if (events[events.length - 1] !== 'message_stop')
    return `stream ended after ${events[events.length - 1]}, not message_stop`;
  return undefined;
}
