import type { ProcessUsage } from './process-meter';
import type { LatencySummary } from './stats';

/**
 * What a request goes through: straight to the simulator, a TCP byte relay (the latency floor of
 * one more hop, tcp-relay.ts), the bare proxy, or the gateway.
 */
export type TargetName = 'direct' | 'relay' | 'baseline' | 'gateway';
/** Report order. */
export const TARGET_NAMES: readonly TargetName[] = ['direct', 'relay', 'baseline', 'gateway'];

export type ScenarioId = 'small-max-throughput' | 'small-fixed-rate' | 'stream-50kb';

/**
 * The targets each scenario measures. The relay is a floor for latency only: it is measured where
 * a latency target is judged, and would only lengthen the others.
 */
export const SCENARIO_TARGETS: Record<ScenarioId, readonly TargetName[]> = {
  'small-max-throughput': ['direct', 'baseline', 'gateway'],
  'small-fixed-rate': ['direct', 'relay', 'baseline', 'gateway'],
  'stream-50kb': ['direct', 'baseline', 'gateway'],
};

/** A measurement that could not be taken says why instead of carrying numbers. */
export interface NotRun {
  readonly status: 'not-run';
  readonly reason: string;
}

export interface HttpMeasurement {
  readonly status: 'ok';
  /** Responses with a 2xx status (a stream counts when it ended). */
  readonly requests: number;
  /** Non-2xx responses, socket errors and timeouts. */
  readonly errors: number;
  readonly durationSec: number;
  readonly throughputRps: number;
  readonly latency: LatencySummary;
  /** Interleaved runs only: throughput of each round, in the order they ran. */
  readonly roundsRps?: readonly number[];
  /** Paced (fixed-rate) runs only: how late the generator sent requests against its schedule. */
  readonly scheduleLag?: { readonly p99Ms: number; readonly maxMs: number };
  /** The proxy process under test; absent for direct. */
  readonly proxy?: ProcessUsage;
}

export interface ScenarioResult {
  readonly scenario: ScenarioId;
  readonly target: TargetName;
  readonly outcome: HttpMeasurement | NotRun;
}

export interface StreamHoldMeasurement {
  readonly status: 'ok';
  readonly requestedStreams: number;
  /** Most streams the client had open at once (response headers in, message_stop not yet). */
  readonly peakConcurrent: number;
  /** Most streams the simulator was serving at once, from its own counters. */
  readonly upstreamPeakActive: number;
  readonly completed: number;
  readonly errors: number;
  /** RSS of the freshly started proxy just before the first stream opened. */
  readonly startRssBytes: number;
  readonly peakRssBytes: number;
  readonly durationSec: number;
}

export interface ConcurrencyResult {
  readonly target: 'baseline' | 'gateway';
  readonly outcome: StreamHoldMeasurement | NotRun;
}

export interface MachineFacts {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly nodeVersion: string;
  readonly commit: string;
  readonly os: string;
}

/** Load settings as run, printed with the results so a reader can repeat them. */
export interface ScenarioSettings {
  readonly scenario: ScenarioId;
  readonly description: string;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly wallClockSec: number;
  readonly machine: MachineFacts;
  readonly pinning: string;
  /** 1, 5 and 15 minute load averages; other work on the machine shares the cores. */
  readonly loadAverage: { readonly atStart: readonly number[]; readonly atEnd: readonly number[] };
  readonly settings: readonly ScenarioSettings[];
  readonly scenarios: readonly ScenarioResult[];
  readonly concurrency: readonly ConcurrencyResult[];
  readonly notes: readonly string[];
}
