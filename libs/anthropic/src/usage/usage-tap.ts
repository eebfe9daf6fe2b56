import { SseParser } from '../sse/sse-parser';
import { UsageAccumulator, type UsageSummary } from './usage-summary';

export interface UsageTapOptions {
  /** Monotonic milliseconds clock (inject for tests); defaults to `performance.now`. */
  readonly now?: () => number;
  /** When the gateway received the request, on the same clock; defaults to tap creation. */
  readonly startedAtMs?: number;
}

/**
 * The three events that carry usage facts. Their data is small and rare (one or two per stream),
 * so parsing them costs nothing; every other event (the many `content_block_delta`s) is
 * recognised by name alone and its data is never decoded.
 */
const PARSED_EVENTS: ReadonlySet<string> = new Set(['message_start', 'message_delta', 'error']);

const defaultNow = (): number => performance.now();

/**
 * Watches a Messages API SSE stream as it is forwarded and extracts what the usage event needs.
 * Feed it the same chunks the client receives, then call `finish()` once the stream is over.
 * It never throws: malformed events are ignored, and a stream cut short still yields what was
 * seen (with `completed: false`).
 */
export class UsageTap {
  private readonly accumulator = new UsageAccumulator();
  private readonly now: () => number;
  private readonly startedAtMs: number;
  private readonly parser: SseParser;
  private finished: UsageSummary | null = null;

  constructor(options: UsageTapOptions = {}) {
    this.now = options.now ?? defaultNow;
    this.startedAtMs = options.startedAtMs ?? this.now();
    this.parser = new SseParser({
      onEvent: (event, data) => this.observe(event, data),
      wantsData: (event) => PARSED_EVENTS.has(event),
    });
  }

  /** Observes one chunk of the upstream stream (bytes exactly as forwarded). */
  push(chunk: Uint8Array): void {
    this.parser.push(chunk);
  }

  /**
   * Observes one decoded event, for streams that are not bytes on the wire here (e.g. events a
   * Bedrock event-stream decoder produces before re-emitting them as SSE).
   */
  observe(event: string, data: string | null): void {
    switch (event) {
      case 'content_block_delta':
        this.accumulator.contentDelta(this.now() - this.startedAtMs);
        return;
      case 'message_stop':
        this.accumulator.messageStop();
        return;
      case 'message_start':
        this.accumulator.messageStart(parseJson(data));
        return;
      case 'message_delta':
        this.accumulator.messageDelta(parseJson(data));
        return;
      case 'error':
        this.accumulator.error(parseJson(data));
        return;
      default:
        return;
    }
  }

  /** Ends the stream and returns the summary; later calls return the same summary. */
  finish(): UsageSummary {
    if (this.finished === null) {
      this.parser.end();
      this.finished = this.accumulator.summary();
    }
    return this.finished;
  }
}

function parseJson(data: string | null): unknown {
  if (data === null) return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}
