import type { UsageTap } from '@gatehouse/anthropic';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { StreamTranscoder } from '../upstreams/upstream-adapter';
import { clientGone } from './client-writer';
import { PING_FRAME, UPSTREAM_CUT_FRAME } from './sse-frames';

export interface StreamRelayInput {
  readonly res: ServerResponse;
  readonly first: Buffer | null;
  /** The rest of the upstream body, paused (`readFirstChunk`). */
  readonly body: Readable;
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
 * sees the same bytes. Never rejects.
 *
 * Driven by the body's `data` events rather than an async iterator: a stream spends most of its
 * life waiting for the next event, and an iterator keeps a pending promise, its resolver and the
 * awaiting frame alive across each wait. Those outlive young-generation collections, so every
 * relayed chunk left garbage in the old generation; with thousands of open streams that was the
 * bulk of the heap's growth (ADR 0023). A slow client pauses the body until its socket drains.
 */
export function relayStream(input: StreamRelayInput): Promise<StreamRelayResult> {
  const { res, body, transcoder, tap } = input;
  const pings = input.pingMs === null ? null : startPings(res, input.pingMs);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: StreamRelayResult): void => {
      if (settled) return;
      settled = true;
      // The error listener stays: undici reports a body destroyed here as an abort error, which
      // would otherwise be thrown as uncaught.
      body.off('data', onData).off('end', onEnd).off('close', onBodyClose);
      res.off('drain', onDrain).off('close', onClientClose);
      pings?.stop();
      resolve(result);
    };
    const upstreamCut = (): void => {
      if (settled) return;
      if (clientGone(res)) {
        settle({ clientAborted: true, upstreamFailed: false });
        return;
      }
      tap.push(UPSTREAM_CUT_FRAME);
      res.end(UPSTREAM_CUT_FRAME);
      settle({ clientAborted: false, upstreamFailed: true });
    };
    const send = (chunk: Buffer): void => {
      const out = transcoder === null ? chunk : transcoder.push(chunk);
      if (out.byteLength === 0) return;
      tap.push(out);
      pings?.touch();
      if (!res.write(out)) body.pause();
    };
    const onData = (chunk: Buffer): void => {
      try {
        send(chunk);
      } catch {
        // A transcoder that cannot decode the upstream's bytes: the stream is unusable from here.
        body.destroy();
        upstreamCut();
      }
    };
    const onEnd = (): void => {
      try {
        if (transcoder !== null) {
          const tail = transcoder.end();
          if (tail.byteLength > 0) {
            tap.push(tail);
            res.write(tail);
          }
        }
      } catch {
        upstreamCut();
        return;
      }
      res.end();
      settle({ clientAborted: false, upstreamFailed: false });
    };
    const onError = (): void => upstreamCut();
    // Destroyed without 'end' or 'error' (undici aborts it that way): the stream was cut short.
    const onBodyClose = (): void => {
      if (!body.readableEnded) upstreamCut();
    };
    const onDrain = (): void => {
      body.resume();
    };
    const onClientClose = (): void => {
      if (res.writableFinished) return;
      // Stops the upstream read and frees its connection, as the client will never read the rest.
      body.destroy();
      settle({ clientAborted: true, upstreamFailed: false });
    };

    res.on('drain', onDrain).on('close', onClientClose);
    body.on('error', onError);
    if (input.first !== null) onData(input.first);
    if (settled) return;
    if (clientGone(res)) {
      onClientClose();
      return;
    }
    // The body may have ended or failed while the first chunk was being handled (its 'end' is
    // emitted on the next tick after the last read), before these listeners existed.
    if (body.errored !== null || (body.destroyed && !body.readableEnded)) {
      upstreamCut();
      return;
    }
    if (body.readableEnded) {
      onEnd();
      return;
    }
    body.on('end', onEnd).on('close', onBodyClose).on('data', onData);
  });
}

interface Pings {
  touch(): void;
  stop(): void;
}

/** Sends `event: ping` when nothing was written for `intervalMs`; one timer per stream. */
function startPings(res: ServerResponse, intervalMs: number): Pings {
  let lastWrite = performance.now();
  const timer = setInterval(
    () => {
      if (performance.now() - lastWrite >= intervalMs && !res.writableEnded) {
        res.write(PING_FRAME);
        lastWrite = performance.now();
      }
    },
    Math.max(50, Math.floor(intervalMs / 2)),
  );
  timer.unref();
  return {
    touch: () => {
      lastWrite = performance.now();
    },
    stop: () => clearInterval(timer),
  };
}
