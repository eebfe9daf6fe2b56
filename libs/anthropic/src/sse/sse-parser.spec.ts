import { OVERLOADED_MID_STREAM, TEXT_REPLY, WEB_SEARCH_REPLY } from '../fixtures/sse-transcripts';
import { parseSseTranscript, SseParser, type SseParserOptions } from './sse-parser';

type Collected = { event: string; data: string | null }[];

function parseChunks(chunks: Uint8Array[], options: Partial<SseParserOptions> = {}) {
  const events: Collected = [];
  const parser = new SseParser({
    ...options,
    onEvent: (event, data) => events.push({ event, data }),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { events, end: parser.end() };
}

/** Deterministic PRNG so a failing random split can be reproduced. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const textBytes = Buffer.from(TEXT_REPLY, 'utf8');

describe('SseParser on an Anthropic transcript', () => {
  const expected = parseSseTranscript(TEXT_REPLY);

  it('yields each event with its name and data', () => {
    expect(expected.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(JSON.parse(expected[4].data ?? '')).toMatchObject({ delta: { text: '日本語 🙂!' } });
    expect(expected[2].data).toBe('{"type": "ping"}');
  });

  it('gives identical events for a split at every byte offset, including inside UTF-8 characters', () => {
    for (let offset = 0; offset <= textBytes.length; offset++) {
      const { events, end } = parseChunks([
        textBytes.subarray(0, offset),
        textBytes.subarray(offset),
      ]);
      expect({ offset, events }).toEqual({ offset, events: expected });
      expect(end.truncated).toBe(false);
    }
  });

  it('gives identical events when fed one byte at a time', () => {
    const chunks = Array.from(textBytes, (byte) => Uint8Array.of(byte));
    expect(parseChunks(chunks).events).toEqual(expected);
  });

  it('gives identical events for random chunkings of every fixture', () => {
    for (const transcript of [TEXT_REPLY, WEB_SEARCH_REPLY, OVERLOADED_MID_STREAM]) {
      const bytes = Buffer.from(transcript, 'utf8');
      const reference = parseSseTranscript(bytes);
      const random = mulberry32(bytes.length);
      for (let round = 0; round < 50; round++) {
        const chunks: Uint8Array[] = [];
        for (let pos = 0; pos < bytes.length;) {
          const size = 1 + Math.floor(random() * 64);
          chunks.push(bytes.subarray(pos, pos + size));
          pos += size;
        }
        expect(parseChunks(chunks).events).toEqual(reference);
      }
    }
  });

  it.each([
    ['CRLF', '\r\n'],
    ['bare CR', '\r'],
  ])('treats %s line ends like LF, at every split offset', (_name, lineEnd) => {
    const bytes = Buffer.from(TEXT_REPLY.replace(/\n/g, lineEnd), 'utf8');
    for (let offset = 0; offset <= bytes.length; offset++) {
      const { events } = parseChunks([bytes.subarray(0, offset), bytes.subarray(offset)]);
      expect({ offset, events }).toEqual({ offset, events: expected });
    }
  });

  it('accepts plain Uint8Array chunks as well as Buffers', () => {
    const copy = new Uint8Array(textBytes.length + 8).subarray(4, 4 + textBytes.length);
    copy.set(textBytes);
    expect(parseChunks([copy]).events).toEqual(expected);
  });

  it('copies what it keeps, so callers may reuse a chunk buffer after push', () => {
    const bytes = Buffer.from('event: message_delta\ndata: {"a":1}\n\n', 'utf8');
    const reused = Buffer.alloc(bytes.length);
    const events: Collected = [];
    const parser = new SseParser({ onEvent: (event, data) => events.push({ event, data }) });
    bytes.copy(reused, 0, 0, 30);
    parser.push(reused.subarray(0, 30));
    reused.fill(0x78);
    bytes.copy(reused, 0, 30);
    parser.push(reused.subarray(0, bytes.length - 30));
    expect(events).toEqual([{ event: 'message_delta', data: '{"a":1}' }]);
  });
});

describe('SseParser event-stream rules', () => {
  it('joins multi-line data with LF and ignores comments and unknown fields', () => {
    const events = parseSseTranscript(
      ': keep-alive comment\nevent: note\ndata: first\ndata:second\nid: 7\nretry: 10\ndata\n\n',
    );
    expect(events).toEqual([{ event: 'note', data: 'first\nsecond\n' }]);
  });

  it('defaults the event name to "message" and skips events with no data', () => {
    expect(parseSseTranscript('event: lonely\n\ndata: x\n\n')).toEqual([
      { event: 'message', data: 'x' },
    ]);
  });

  it('strips a UTF-8 byte order mark at the start of the stream', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('event: a\ndata: 1\n\n'),
    ]);
    expect(parseChunks([bytes.subarray(0, 2), bytes.subarray(2)]).events).toEqual([
      { event: 'a', data: '1' },
    ]);
  });

  it('keeps only one optional space after the colon', () => {
    expect(parseSseTranscript('data:  two spaces\n\n')).toEqual([
      { event: 'message', data: ' two spaces' },
    ]);
  });

  it('reports a stream that ends inside an event as truncated and drops that event', () => {
    const { events, end } = parseChunks([Buffer.from('event: a\ndata: 1\n\nevent: b\ndata: 2\n')]);
    expect(events).toEqual([{ event: 'a', data: '1' }]);
    expect(end.truncated).toBe(true);
  });
});

describe('SseParser selective decoding', () => {
  const wantsData = (event: string) => event === 'message_start' || event === 'message_delta';

  it('reports unwanted events by name with null data and still decodes wanted ones', () => {
    const bytes = Buffer.from(WEB_SEARCH_REPLY, 'utf8');
    const full = parseSseTranscript(bytes);
    for (const chunkSize of [1, 7, 100, 4096]) {
      const chunks: Uint8Array[] = [];
      for (let pos = 0; pos < bytes.length; pos += chunkSize)
        chunks.push(bytes.subarray(pos, pos + chunkSize));
      const { events } = parseChunks(chunks, { wantsData });
      expect(events.map((e) => e.event)).toEqual(full.map((e) => e.event));
      events.forEach((event, i) => {
        expect(event.data).toBe(wantsData(event.event) ? full[i].data : null);
      });
    }
  });

  it('drops an unwanted line larger than maxLineBytes without losing the events after it', () => {
    const bytes = Buffer.from(WEB_SEARCH_REPLY, 'utf8');
    const chunks: Uint8Array[] = [];
    for (let pos = 0; pos < bytes.length; pos += 256) chunks.push(bytes.subarray(pos, pos + 256));
    const { events } = parseChunks(chunks, { wantsData, maxLineBytes: 1024 });
    const deltas = events.filter((e) => e.event === 'message_delta');
    expect(deltas).toHaveLength(2);
    expect(JSON.parse(deltas[1].data ?? '')).toMatchObject({ usage: { output_tokens: 342 } });
  });

  it('reports a wanted line larger than maxLineBytes with null data', () => {
    const big = `event: message_start\ndata: {"pad":"${'x'.repeat(2000)}"}\n\nevent: message_stop\ndata: {}\n\n`;
    const bytes = Buffer.from(big);
    const whole = parseChunks([bytes], { maxLineBytes: 1024 }).events;
    const split = parseChunks([bytes.subarray(0, 1500), bytes.subarray(1500)], {
      maxLineBytes: 1024,
    }).events;
    const expected = [
      { event: 'message_start', data: null },
      { event: 'message_stop', data: '{}' },
    ];
    expect(whole).toEqual(expected);
    expect(split).toEqual(expected);
  });
});
