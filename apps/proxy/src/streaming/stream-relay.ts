import type { UsageTap } from '@gatehouse/anthropic';
import type { ServerResponse } from 'node:http';
import type { StreamTranscoder } from '../upstreams/upstream-adapter';
import { clientGone, writeChunk } from './client-writer';
import { PING_FRAME, UPSTREAM_CUT_FRAME } from './sse-frames';

export interface StreamRelayInput {
  readonly res: ServerResponse;
  readonly first: Buffer | null;
  readonly rest: AsyncIterator<Buffer>;
  /** Null for SSE-native upstreams: bytes pass through untouched. */
  readonly transcoder: StreamTranscoder | null;
  readonly tap: UsageTap;
  /** Keep-alive ping interval for upstreams that send none; null disables pings. */
  readonly pingMs: number | null;
}

export interface StreamRelayResult {
  /** The client disconnected before the stream ended. */
  readonly clientAborted: boolean;
  /** The upstream failed mid-stream (reset, idle timeout, truncated event stream). */
  readonly upstreamFailed: boolean;
}

/**
 * Pipes an upstream stream to a client whose status line and headers are already written: each
 * chunk goes out as it arrives (transcoded first when the upstream is not SSE) and the usage tap
 * sees the same bytes. Never throws.
 */
export async function relayStream(input: StreamRelayInput): Promise<StreamRelayResult> {
  const { res, rest, transcoder, tap } = input;
  const pings = input.pingMs === null ? null : startPings(res, input.pingMs);
  try {
    let next: IteratorResult<Buffer> | null = input.first === null ? null : { done: false, value: input.first };
    for (;;) {
      if (next === null) next = await rest.next();
      if (next.done) break;
      const out = transcoder === null ? next.value : transcoder.push(next.value);
      next = null;
      if (out.byteLength === 0) continue;
      tap.push(out);
      pings?.touch();
      const written = writeChunk(res, out);
      if (written !== true && !(await written)) return abandon(rest, true);
    }
    if (transcoder !== null) {
      const tail = transcoder.end();
      if (tail.byteLength > 0) {
        tap.push(tail);
        res.write(tail);
      }
    }
    res.end();
    return { clientAborted: false, upstreamFailed: false };
  } catch {
    if (clientGone(res)) return { clientAborted: true, upstreamFailed: false };
    tap.push(UPSTREAM_CUT_FRAME);
    res.end(UPSTREAM_CUT_FRAME);
    return { clientAborted: false, upstreamFailed: true };
  } finally {
    pings?.stop();
  }
}

async function abandon(rest: AsyncIterator<Buffer>, clientAborted: boolean): Promise<StreamRelayResult> {
  await rest.return?.().catch(() => undefined);
  return { clientAborted, upstreamFailed: false };
}

interface Pings {
  touch(): void;
  stop(): void;
}

/** Sends `event: ping` when nothing was written for `intervalMs`; one timer per stream. */
function startPings(res: ServerResponse, intervalMs: number): Pings {
  let lastWrite = performance.now();
  const timer = setInterval(() => {
    if (performance.now() - lastWrite >= intervalMs && !res.writableEnded) {
      res.write(PING_FRAME);
      lastWrite = performance.now();
    }
  }, Math.max(50, Math.floor(intervalMs / 2)));
  timer.unref();
  return {
    touch: () => {
      lastWrite = performance.now();
    },
    stop: () => clearInterval(timer),
  };
}
