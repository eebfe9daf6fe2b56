import type { TokenUsage } from '@gatehouse/contracts';
import { OVERLOADED_MID_STREAM, TEXT_REPLY, WEB_SEARCH_REPLY } from '../fixtures/sse-transcripts';
import { UsageTap } from './usage-tap';

/** A clock that advances 10 ms each time it is read, starting at 1,000. */
function steppingClock(): () => number {
  let now = 990;
  return () => (now += 10);
}

function tapAll(transcript: string | Buffer, chunkSize = Infinity) {
  const bytes = typeof transcript === 'string' ? Buffer.from(transcript, 'utf8') : transcript;
  const tap = new UsageTap({ now: steppingClock(), startedAtMs: 0 });
  const step = Number.isFinite(chunkSize) ? chunkSize : bytes.length;
  for (let pos = 0; pos < bytes.length; pos += step) tap.push(bytes.subarray(pos, pos + step));
  return tap.finish();
}

describe('UsageTap on a streamed text reply', () => {
  it('extracts id, model, every token kind, stop reason and TTFT', () => {
    expect(tapAll(TEXT_REPLY)).toEqual({
      messageId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5-20250929',
      usage: {
        inputTokens: 2095,
        outputTokens: 15,
        cacheReadInputTokens: 18_000,
        cacheCreation5mInputTokens: 200,
        cacheCreation1hInputTokens: 1000,
        webSearchRequests: 0,
        webFetchRequests: 0,
      } satisfies TokenUsage,
      usageReported: true,
      stopReason: 'end_turn',
      // The clock's first reading (1,000 ms) is the first content_block_delta.
      ttftMs: 1000,
      errorType: null,
      completed: true,
    });
  });

  it('gives the identical summary for a split at every byte offset', () => {
    const bytes = Buffer.from(TEXT_REPLY, 'utf8');
    const expected = tapAll(bytes);
    for (let offset = 0; offset <= bytes.length; offset++) {
      const tap = new UsageTap({ now: steppingClock(), startedAtMs: 0 });
      tap.push(bytes.subarray(0, offset));
      tap.push(bytes.subarray(offset));
      expect({ offset, summary: tap.finish() }).toEqual({ offset, summary: expected });
    }
  });

  it('measures TTFT from the injected start time, not from when the tap was created', () => {
    const readings = [5_000, 5_250, 5_900];
    const tap = new UsageTap({ now: () => readings.shift() ?? 9_999, startedAtMs: 4_800 });
    tap.push(Buffer.from(TEXT_REPLY));
    expect(tap.finish().ttftMs).toBe(200);
  });

  it('returns the same summary from repeated finish() calls', () => {
    const tap = new UsageTap({ now: steppingClock() });
    tap.push(Buffer.from(TEXT_REPLY));
    expect(tap.finish()).toBe(tap.finish());
  });
});

describe('UsageTap cumulative usage and server tools', () => {
  it('takes the latest message_delta counts rather than summing them', () => {
    const summary = tapAll(WEB_SEARCH_REPLY, 97);
    expect(summary.usage).toEqual({
      inputTokens: 10_412,
      outputTokens: 342,
      cacheReadInputTokens: 2048,
      cacheCreation5mInputTokens: 0,
      cacheCreation1hInputTokens: 0,
      webSearchRequests: 2,
      webFetchRequests: 1,
    });
    expect(summary).toMatchObject({
      messageId: 'msg_01S3rv3rT00lUs3',
      model: 'claude-opus-4-5-20251101',
      stopReason: 'end_turn',
      completed: true,
    });
  });

  it('keeps message_start counts that a message_delta does not resend', () => {
    const summary = tapAll(TEXT_REPLY);
    expect(summary.usage.inputTokens).toBe(2095);
    expect(summary.usage.outputTokens).toBe(15);
  });
});

describe('UsageTap on failures', () => {
  it('records the error type of a mid-stream error and marks the reply incomplete', () => {
    expect(tapAll(OVERLOADED_MID_STREAM, 13)).toMatchObject({
      messageId: 'msg_01Ov3rL0ad3d',
      errorType: 'overloaded_error',
      completed: false,
      stopReason: null,
      usage: { inputTokens: 25, outputTokens: 1 },
    });
  });

  it('ignores malformed usage events instead of throwing', () => {
    const tap = new UsageTap({ now: steppingClock() });
    tap.push(
      Buffer.from(
        'event: message_start\ndata: {not json\n\n' +
          'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":-4,"input_tokens":"12"}}\n\n' +
          'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":9}}\n\n',
      ),
    );
    expect(tap.finish()).toMatchObject({
      messageId: null,
      usage: { inputTokens: 0, outputTokens: 9 },
      usageReported: true,
      completed: false,
    });
  });

  it('reports no usage for a stream cut off before message_start', () => {
    const tap = new UsageTap({ now: steppingClock() });
    tap.push(Buffer.from(TEXT_REPLY).subarray(0, 40));
    expect(tap.finish()).toMatchObject({ usageReported: false, completed: false, ttftMs: null });
  });
});

describe('UsageTap.observe', () => {
  it('accepts already-decoded events, as a Bedrock event-stream decoder produces them', () => {
    const tap = new UsageTap({ now: steppingClock(), startedAtMs: 0 });
    tap.observe(
      'message_start',
      '{"type":"message_start","message":{"id":"msg_bdrk","model":"claude-haiku-4-5-20251001","usage":{"input_tokens":7,"output_tokens":1}}}',
    );
    tap.observe('content_block_delta', null);
    tap.observe(
      'message_delta',
      '{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":64}}',
    );
    tap.observe('message_stop', null);
    expect(tap.finish()).toMatchObject({
      messageId: 'msg_bdrk',
      usage: { inputTokens: 7, outputTokens: 64 },
      stopReason: 'max_tokens',
      ttftMs: 1000,
      completed: true,
    });
  });
});
