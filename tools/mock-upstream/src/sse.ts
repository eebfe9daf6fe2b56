import type { StreamEvent } from './api-types';

/** Server-sent event framing as the Messages API writes it: `event: <type>`, one `data:` line, a blank line. */
export const sseFrame = (event: StreamEvent): string =>
  `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

export const SSE_PING = sseFrame({ type: 'ping' });

/** Splits an SSE body back into events; used by tests and handy when debugging the mock by hand. */
export function parseSse(body: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const frame of body.split('\n\n')) {
    const data = frame
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (data) events.push(JSON.parse(data) as StreamEvent);
  }
  return events;
}
