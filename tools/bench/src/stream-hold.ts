import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessMeter } from './process-meter';
import { readRssBytes } from './proc-status';
import type { StreamHoldMeasurement } from './results';

export interface StreamHold {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly streams: number;
  /** Streams are opened in waves so the listen backlog never overflows into SYN retries. */
  readonly waveSize: number;
  readonly waveGapMs: number;
  /** Hard bound on the whole scenario; streams still open then count as errors. */
  readonly timeoutMs: number;
  /** The simulator's base URL, to read its own count of concurrently served streams. */
  readonly simulatorUrl: string;
}

interface Tally {
  open: number;
  peak: number;
  completed: number;
  errors: number;
}

/**
 * Holds many SSE streams open at once with one plain http.Agent socket each. autocannon reports
 * per-request latency but not how many streams were open together, which is the figure here.
 */
function openStream(agent: Agent, hold: StreamHold, tally: Tally): Promise<void> {
  const target = new URL(hold.url);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (completed: boolean, wasOpen: boolean): void => {
      if (settled) return;
      settled = true;
      if (wasOpen) tally.open -= 1;
      if (completed) tally.completed += 1;
      else tally.errors += 1;
      resolve();
    };
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path: target.pathname,
        headers: { ...hold.headers, 'content-length': Buffer.byteLength(hold.body) },
      },
      (res) => {
        const ok = res.statusCode === 200;
        if (ok) {
          tally.open += 1;
          if (tally.open > tally.peak) tally.peak = tally.open;
        }
        let tail = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          tail = (tail + chunk).slice(-256);
        });
        res.on('end', () => settle(ok && tail.includes('message_stop'), ok));
        res.on('error', () => settle(false, ok));
        res.on('aborted', () => settle(false, ok));
      },
    );
    req.on('error', () => settle(false, false));
    req.end(hold.body);
  });
}

async function simulatorPeak(simulatorUrl: string): Promise<number> {
  const response = await fetch(`${simulatorUrl}/_mock/stats`);
  const stats = (await response.json()) as { peakActiveStreams?: number };
  return stats.peakActiveStreams ?? 0;
}

export async function measureStreamHold(
  hold: StreamHold,
  proxyPid: number,
): Promise<StreamHoldMeasurement> {
  await fetch(`${hold.simulatorUrl}/_mock/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const tally: Tally = { open: 0, peak: 0, completed: 0, errors: 0 };
  const startRssBytes = readRssBytes(proxyPid) ?? 0;
  const meter = new ProcessMeter(proxyPid, 200);
  const started = Date.now();
  const pending: Promise<void>[] = [];
  try {
    for (let opened = 0; opened < hold.streams; opened += hold.waveSize) {
      const wave = Math.min(hold.waveSize, hold.streams - opened);
      for (let i = 0; i < wave; i += 1) pending.push(openStream(agent, hold, tally));
      await sleep(hold.waveGapMs);
    }
    const timedOut = await Promise.race([
      Promise.all(pending).then(() => false),
      sleep(Math.max(0, hold.timeoutMs - (Date.now() - started))).then(() => true),
    ]);
    const usage = meter.stop();
    const stillOpen = timedOut ? hold.streams - tally.completed - tally.errors : 0;
    return {
      status: 'ok',
      requestedStreams: hold.streams,
      peakConcurrent: tally.peak,
      upstreamPeakActive: await simulatorPeak(hold.simulatorUrl),
      completed: tally.completed,
      errors: tally.errors + stillOpen,
      startRssBytes,
      peakRssBytes: usage.peakRssBytes,
      durationSec: (Date.now() - started) / 1000,
    };
  } finally {
    meter.stop();
    agent.destroy();
  }
}
