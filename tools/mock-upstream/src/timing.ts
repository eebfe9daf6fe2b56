import type { IncomingHttpHeaders } from 'node:http';

/** Pacing of a reply. Each knob has a per-request override header, so tests need no restart. */
export interface TimingKnobs {
  /** Delay before the response headers (x-mock-first-byte-ms). */
  firstByteMs: number;
  /** Silence after message_start before the first content delta (x-mock-first-token-ms). */
  firstTokenMs: number;
  /** Streaming speed; 0 sends every event at once (x-mock-tokens-per-sec). */
  tokensPerSecond: number;
  /** Tokens per content delta (x-mock-chunk-tokens). */
  chunkTokens: number;
  /** A ping is sent after this much silence in an SSE stream (x-mock-ping-ms). */
  pingIntervalMs: number;
  /** Fixed reply length in tokens; unset keeps the conversation engine's text (x-mock-output-tokens). */
  outputTokens?: number;
}

export const DEFAULT_TIMING: TimingKnobs = {
  firstByteMs: 0,
  firstTokenMs: 0,
  tokensPerSecond: 0,
  chunkTokens: 4,
  pingIntervalMs: 10_000,
};

const OVERRIDES: ReadonlyArray<[keyof TimingKnobs, string]> = [
  ['firstByteMs', 'x-mock-first-byte-ms'],
  ['firstTokenMs', 'x-mock-first-token-ms'],
  ['tokensPerSecond', 'x-mock-tokens-per-sec'],
  ['chunkTokens', 'x-mock-chunk-tokens'],
  ['pingIntervalMs', 'x-mock-ping-ms'],
  ['outputTokens', 'x-mock-output-tokens'],
];

export function resolveTiming(defaults: TimingKnobs, headers: IncomingHttpHeaders): TimingKnobs {
  let knobs = defaults;
  for (const [knob, header] of OVERRIDES) {
    const raw = headers[header];
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) continue;
    if (knobs === defaults) knobs = { ...defaults };
    knobs[knob] = value;
  }
  if (knobs.chunkTokens < 1) knobs = { ...knobs, chunkTokens: 1 };
  return knobs;
}

/** Pause before each content delta; 0 when the stream is not paced. */
export function deltaIntervalMs(knobs: TimingKnobs): number {
  return knobs.tokensPerSecond > 0 ? (knobs.chunkTokens / knobs.tokensPerSecond) * 1000 : 0;
}

/** Time a non-streaming reply takes to "generate", so it is as slow as the same reply streamed. */
export function generationMs(knobs: TimingKnobs, outputTokens: number): number {
  const perToken = knobs.tokensPerSecond > 0 ? 1000 / knobs.tokensPerSecond : 0;
  return knobs.firstTokenMs + outputTokens * perToken;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
