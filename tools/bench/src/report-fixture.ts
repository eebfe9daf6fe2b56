import type {
  BenchReport,
  ConcurrencyResult,
  HttpMeasurement,
  ScenarioId,
  ScenarioResult,
  TargetName,
} from './results';
import { summarize } from './stats';

/** Report builders for the unit tests of the verdicts and the rendering. */
export function measured(
  rps: number,
  latencies: number[],
  extra: Partial<HttpMeasurement> = {},
): HttpMeasurement {
  return {
    status: 'ok',
    requests: Math.round(rps * 10),
    errors: 0,
    durationSec: 10,
    throughputRps: rps,
    latency: summarize(latencies),
    ...extra,
  };
}

export function result(
  scenario: ScenarioId,
  target: TargetName,
  outcome: ScenarioResult['outcome'],
): ScenarioResult {
  return { scenario, target, outcome };
}

export function heldStreams(peak: number, rssMiB: number, errors = 0): ConcurrencyResult {
  return {
    target: 'gateway',
    outcome: {
      status: 'ok',
      requestedStreams: 5000,
      peakConcurrent: peak,
      upstreamPeakActive: peak,
      completed: peak - errors,
      errors,
      startRssBytes: 150 * 1024 * 1024,
      peakRssBytes: rssMiB * 1024 * 1024,
      durationSec: 30,
    },
  };
}

export function report(
  scenarios: ScenarioResult[],
  concurrency: ConcurrencyResult[] = [],
): BenchReport {
  return {
    startedAt: '2026-01-02T03:04:05.000Z',
    wallClockSec: 240,
    machine: {
      nproc: 2,
      cpuModel: 'Test CPU',
      nodeVersion: 'v24.0.0',
      commit: 'abc123',
      os: 'Linux test',
    },
    pinning: 'proxy on 0',
    loadAverage: { atStart: [0.5, 0.4, 0.3], atEnd: [1, 0.9, 0.8] },
    settings: [{ scenario: 'small-max-throughput', description: '64 connections' }],
    scenarios,
    concurrency,
    notes: [],
  };
}
