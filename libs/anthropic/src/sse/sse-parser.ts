/**
 * Incremental server-sent-events parser that observes a byte stream without changing it.
 *
 * The proxy forwards upstream bytes to the client untouched and feeds the same chunks here, so
 * this must be cheap per byte and correct wherever the network splits the stream: inside a line,
 * between `\r` and `\n`, or in the middle of a multi-byte UTF-8 character. It therefore works on
 * bytes, finds line ends with the native `indexOf`, and decodes text only for complete lines it
 * needs. Lines end with `\n`, `\r\n` or a bare `\r`; `:` lines are comments; an empty line ends an
 * event; several `data:` lines are joined with `\n` (the WHATWG event-stream rules). `id:` and
 * `retry:` only matter to reconnecting browsers and are ignored.
 *
 * To stay cheap on long streams, callers say which events they want the data of (`wantsData`).
 * The data of other events is never decoded or even buffered, and is reported as `null`; this
 * relies on the event-stream convention, which Anthropic follows, that `event:` precedes `data:`.
 */

/** Called once per complete event. `data` is null when `wantsData` declined it (or it was too large). */
export type SseEventHandler = (event: string, data: string | null) => void;

export interface SseParserOptions {
  readonly onEvent: SseEventHandler;
  /** Whether to decode the data of events with this name; default: every event. */
  readonly wantsData?: (event: string) => boolean;
  /**
   * Longest line kept in memory (bytes). A longer line is dropped and its event reported with
   * `data: null`, so a misbehaving upstream cannot make the tap hold an unbounded line.
   */
  readonly maxLineBytes?: number;
}

export interface SseEndResult {
  /** True when the stream ended inside an event (no closing blank line): that event was dropped. */
  readonly truncated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const NAME_CACHE_SIZE = 8;
const DEFAULT_EVENT = 'message';

const wantsEverything = (): boolean => true;

export class SseParser {
  private readonly onEvent: SseEventHandler;
  private readonly wantsData: (event: string) => boolean;
  private readonly maxLineBytes: number;

  /** Bytes of a line that has not ended yet (copied, so callers may reuse their chunks). */
  private partial: Buffer | null = null;
  /** The rest of the current line is being discarded (unwanted or oversized data). */
  private skippingLine = false;
  /** The previous chunk ended with `\r`: a `\n` opening the next chunk belongs to it. */
  private afterCR = false;
  private atStreamStart = true;

  private eventName: string | null = null;
  private data: string | null = null;
  private hasData = false;
  private dataDropped = false;

  /** Recently seen event names, so repeated `event: content_block_delta` lines allocate nothing. */
  private readonly nameBytes: Buffer[] = [];
  private readonly nameStrings: string[] = [];

  constructor(options: SseParserOptions) {
    this.onEvent = options.onEvent;
    this.wantsData = options.wantsData ?? wantsEverything;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** Feeds the next chunk of the stream. Events completed by it are delivered synchronously. */
  push(chunk: Uint8Array): void {
    const buf = asBuffer(chunk);
    const len = buf.length;
    if (len === 0) return;
    let pos = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (buf[0] === LF) pos = 1;
    }
    // Positions of the next LF and CR; each is searched again only once the scan passes it, so a
    // chunk is scanned for each byte value at most once per line end (and once in total for CR
    // in LF-only streams such as Anthropic's).
    let nextLF = buf.indexOf(LF, pos);
    let nextCR = buf.indexOf(CR, pos);
    while (pos < len) {
      if (nextLF !== -1 && nextLF < pos) nextLF = buf.indexOf(LF, pos);
      if (nextCR !== -1 && nextCR < pos) nextCR = buf.indexOf(CR, pos);
      if (nextLF === -1 && nextCR === -1) break;
      let end: number;
      let next: number;
      if (nextCR === -1 || (nextLF !== -1 && nextLF < nextCR)) {
        end = nextLF;
        next = end + 1;
      } else {
        end = nextCR;
        if (end + 1 < len) {
          next = buf[end + 1] === LF ? end + 2 : end + 1;
        } else {
          next = len;
          this.afterCR = true;
        }
      }
      this.completeLine(buf, pos, end);
      pos = next;
    }
    if (pos < len) this.holdPartial(buf.subarray(pos, len));
  }

  /** Marks the end of the stream. An event without its closing blank line is dropped, per spec. */
  end(): SseEndResult {
    const truncated =
      this.hasData || this.eventName !== null || this.partial !== null || this.skippingLine;
    this.partial = null;
    this.skippingLine = false;
    this.afterCR = false;
    this.resetEvent();
    return { truncated };
  }

  private completeLine(buf: Buffer, start: number, end: number): void {
    if (this.skippingLine) {
      this.skippingLine = false;
      return;
    }
    if (this.partial !== null) {
      const line =
        start === end ? this.partial : Buffer.concat([this.partial, buf.subarray(start, end)]);
      this.partial = null;
      this.processLine(line, 0, line.length);
      return;
    }
    this.processLine(buf, start, end);
  }

  /** Keeps the unfinished tail of a chunk, or decides right away that it will be discarded. */
  private holdPartial(tail: Buffer): void {
    if (this.skippingLine) return;
    const line = this.partial === null ? Buffer.from(tail) : Buffer.concat([this.partial, tail]);
    const name = this.eventName ?? DEFAULT_EVENT;
    const unwantedData = isField(line, 0, line.length, DATA) && !this.wantsData(name);
    if (unwantedData || line.length > this.maxLineBytes) {
      // Only data lines are worth reporting as dropped; an endless comment or event line is noise.
      if (isField(line, 0, line.length, DATA)) {
        this.hasData = true;
        this.dataDropped = true;
      }
      this.partial = null;
      this.skippingLine = true;
      return;
    }
    this.partial = line;
  }

  private processLine(buf: Buffer, start: number, end: number): void {
    if (this.atStreamStart) {
      this.atStreamStart = false;
      if (
        end - start >= 3 &&
        buf[start] === 0xef &&
        buf[start + 1] === 0xbb &&
        buf[start + 2] === 0xbf
      ) {
        start += 3;
      }
    }
    if (start === end) {
      this.dispatch();
      return;
    }
    if (buf[start] === COLON) return;
    if (isField(buf, start, end, DATA)) {
      this.hasData = true;
      if (this.dataDropped || end - start > this.maxLineBytes) {
        this.dataDropped = true;
        return;
      }
      if (!this.wantsData(this.eventName ?? DEFAULT_EVENT)) {
        this.dataDropped = true;
        return;
      }
      const value = buf.toString('utf8', valueStart(buf, start + DATA.length, end), end);
      this.data = this.data === null ? value : `${this.data}\n${value}`;
      return;
    }
    if (isField(buf, start, end, EVENT)) {
      this.eventName = this.internName(buf, valueStart(buf, start + EVENT.length, end), end);
    }
  }

  private dispatch(): void {
    if (this.hasData) {
      const name = this.eventName ?? DEFAULT_EVENT;
      const data = this.dataDropped ? null : (this.data ?? '');
      this.resetEvent();
      this.onEvent(name, data);
      return;
    }
    this.resetEvent();
  }

  private resetEvent(): void {
    this.eventName = null;
    this.data = null;
    this.hasData = false;
    this.dataDropped = false;
  }

  /** Returns a cached string for event names seen recently, decoding only new ones. */
  private internName(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    for (let i = 0; i < this.nameBytes.length; i++) {
      const known = this.nameBytes[i];
      if (known.length === length && buf.compare(known, 0, length, start, end) === 0) {
        return this.nameStrings[i];
      }
    }
    const name = buf.toString('utf8', start, end);
    if (this.nameBytes.length >= NAME_CACHE_SIZE) {
      this.nameBytes.shift();
      this.nameStrings.shift();
    }
    this.nameBytes.push(Buffer.from(buf.subarray(start, end)));
    this.nameStrings.push(name);
    return name;
  }
}

/** Parses a complete transcript at once; for tests, fixtures and non-streaming tools. */
export function parseSseTranscript(
  bytes: Uint8Array | string,
): { event: string; data: string | null }[] {
  const events: { event: string; data: string | null }[] = [];
  const parser = new SseParser({ onEvent: (event, data) => events.push({ event, data }) });
  parser.push(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  parser.end();
  return events;
}

const DATA = Buffer.from('data', 'latin1');
const EVENT = Buffer.from('event', 'latin1');

/** True when the line's field name is exactly `field` (followed by `:` or the end of the line). */
function isField(buf: Buffer, start: number, end: number, field: Buffer): boolean {
  const n = field.length;
  if (end - start < n) return false;
  for (let i = 0; i < n; i++) if (buf[start + i] !== field[i]) return false;
  return end - start === n || buf[start + n] === COLON;
}

/** Index after `field:` and the single optional space the format allows. */
function valueStart(buf: Buffer, afterName: number, end: number): number {
  if (afterName >= end) return end;
  const afterColon = afterName + 1;
  return afterColon < end && buf[afterColon] === SPACE ? afterColon + 1 : afterColon;
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
