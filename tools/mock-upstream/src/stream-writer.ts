import type { Fault } from './faults';
import { type Exchange, write } from './http-util';
import type { StreamStep } from './message-builder';
import type { ProviderProfile, ReplyFacts } from './provider-profile';
import { deltaIntervalMs, sleep, type TimingKnobs } from './timing';

export interface StreamPlan {
  exchange: Exchange;
  profile: ProviderProfile;
  steps: StreamStep[];
  facts: ReplyFacts;
  timing: TimingKnobs;
  /** Only the mid-stream kinds matter here; others were handled before the stream began. */
  fault: Fault | undefined;
  startedAt: number;
}

/**
 * Writes a stream, pacing content deltas at the configured token rate. Deltas are due at fixed
 * offsets from the first one, so timer granularity does not slow a fast stream: whatever is due
 * is written together, in one corked batch. Silent gaps longer than the ping interval get pings
 * (SSE providers only), as the API does while a model thinks.
 */
export async function writeStream(plan: StreamPlan): Promise<void> {
  const { exchange, profile, steps, facts, timing, fault } = plan;
  exchange.res.writeHead(200, profile.streamHeaders(facts.requestId));
  exchange.stats.streamOpened();
  try {
    const interval = deltaIntervalMs(timing);
    const cutAfter =
      fault && (fault.kind === 'reset-mid-stream' || fault.kind === 'error-mid-stream')
        ? fault.arg
        : Infinity;
    let due = 0;
    let batch: Array<string | Uint8Array> = [];
    let written = 0;
    for (const step of steps) {
      if (step.firstDelta) due = Date.now() + timing.firstTokenMs;
      else if (step.paced) due += interval;
      const wait = due - Date.now();
      if (wait >= 1) {
        if (!flush(exchange, batch)) return;
        batch = [];
        if (!(await pause(plan, wait))) return;
      }
      if (step.event.type === 'message_stop') facts.latencyMs = Date.now() - plan.startedAt;
      batch.push(profile.encodeEvent(step.event, facts));
      if (++written >= cutAfter) {
        flush(exchange, batch);
        cut(plan);
        return;
      }
    }
    if (flush(exchange, batch)) exchange.res.end();
  } finally {
    exchange.stats.streamClosed();
  }
}

function cut(plan: StreamPlan): void {
  const { exchange } = plan;
  if (plan.fault?.kind === 'reset-mid-stream') {
    exchange.res.socket?.destroy();
    return;
  }
  write(exchange, plan.profile.midStreamError());
  exchange.res.end();
}

function flush(exchange: Exchange, batch: Array<string | Uint8Array>): boolean {
  if (batch.length === 0) return !exchange.res.destroyed;
  exchange.res.cork();
  let ok = true;
  for (const chunk of batch) ok = write(exchange, chunk) && ok;
  exchange.res.uncork();
  return ok;
}

async function pause(plan: StreamPlan, ms: number): Promise<boolean> {
  const { exchange, profile, timing } = plan;
  let left = ms;
  const pingEvery = timing.pingIntervalMs;
  while (profile.ping !== undefined && pingEvery > 0 && left > pingEvery) {
    await sleep(pingEvery);
    if (!write(exchange, profile.ping)) return false;
    left -= pingEvery;
  }
  await sleep(left);
  return !exchange.res.destroyed;
}
