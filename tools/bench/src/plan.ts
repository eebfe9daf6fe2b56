import { FIXED_RATE_RPS } from './acceptance-targets';
import type { ScenarioId } from './results';

/** Load settings of one run; `quick` is a smoke run that proves the wiring in about a minute. */
export interface BenchPlan {
  readonly quick: boolean;
  readonly warmupSec: number;
  /**
   * `durationSec` is one round; the targets take turns for `rounds` rounds (measureInterleaved);
   * `warmupSec` is per target, before the first round (THROUGHPUT_WARMUP_SEC).
   */
  readonly throughput: {
    connections: number;
    durationSec: number;
    rounds: number;
    warmupSec: number;
  };
  /**
   * `connections` caps the paced generator's pool per target (at an even rate only a few are ever
   * busy); `durationSec` is one round, interleaved like the throughput rounds; `warmupSec` is
   * per target, before the first round, and longer than elsewhere (FIXED_RATE_WARMUP_SEC).
   */
  readonly fixedRate: {
    connections: number;
    durationSec: number;
    rounds: number;
    rps: number;
    warmupSec: number;
  };
  readonly stream: {
    connections: number;
    durationSec: number;
    bodyBytes: number;
    outputTokens: number;
    tokensPerSec: number;
    firstTokenMs: number;
  };
  readonly hold: { streams: number; outputTokens: number; tokensPerSec: number };
  /** Upstream keep-alive connections allowed to the baseline and the gateway alike. */
  readonly upstreamConnections: number;
}

/**
 * The paced generator is a fresh process, and V8 tiers a fresh process's hot code up in a burst of
 * background compilation about 10 s into its load. Four targets in turn give it (and the simulator
 * it shares a core with) 48 s of load before the first measured round (ADR 0018 update).
 */
const FIXED_RATE_WARMUP_SEC = 12;

/**
 * A freshly started proxy at full load takes about 8 s to reach its steady rate while V8 compiles
 * its hot code: in 2 s windows from cold, the gateway went 2,900 → 4,900 req/s and the baseline
 * 2,400 → 5,400, both flat after 8 s. With a 3 s warm-up the first rounds measured that ramp, which
 * is longer for the proxy with more code, instead of throughput (ADR 0018 update, 2026-11-25).
 */
const THROUGHPUT_WARMUP_SEC = 10;

export function benchPlan(quick: boolean): BenchPlan {
  return {
    quick,
    warmupSec: quick ? 1 : 3,
    throughput: {
      connections: 64,
      durationSec: quick ? 2 : 4,
      rounds: quick ? 2 : 5,
      warmupSec: quick ? 1 : THROUGHPUT_WARMUP_SEC,
    },
    fixedRate: {
      connections: 32,
      durationSec: quick ? 1.5 : 3,
      rounds: quick ? 2 : 10,
      rps: FIXED_RATE_RPS,
      warmupSec: quick ? 1 : FIXED_RATE_WARMUP_SEC,
    },
    stream: {
      connections: 100,
      durationSec: quick ? 4 : 15,
      bodyBytes: 50 * 1024,
      outputTokens: 300,
      tokensPerSec: 300,
      firstTokenMs: 50,
    },
    hold: { streams: quick ? 500 : 5000, outputTokens: 80, tokensPerSec: 4 },
    upstreamConnections: 8192,
  };
}

/** How long a held stream lasts: one 4-token delta per second for outputTokens / tokensPerSec s. */
export function holdSeconds(plan: BenchPlan): number {
  return plan.hold.outputTokens / plan.hold.tokensPerSec;
}

export function describeScenarios(
  plan: BenchPlan,
): { scenario: ScenarioId; description: string }[] {
  const s = plan.stream;
  return [
    {
      scenario: 'small-max-throughput',
      description: `autocannon, ${plan.throughput.connections} connections; after a ${plan.throughput.warmupSec} s warm-up of each target, ${plan.throughput.rounds} interleaved rounds of ${plan.throughput.durationSec} s (direct, baseline, gateway, then again), figures pooled over the rounds; ~120-byte JSON request, instant non-streaming reply from the simulator. Proxy CPU is the lowest of the rounds.`,
    },
    {
      scenario: 'small-fixed-rate',
      description: `paced open-loop generator (tools/bench/src/paced-load.ts, undici pool of up to ${plan.fixedRate.connections} keep-alive connections): request n of a round sent at n / ${plan.fixedRate.rps} s whatever earlier answers do; after a ${plan.fixedRate.warmupSec} s warm-up of each target at that rate, ${plan.fixedRate.rounds} interleaved rounds of ${plan.fixedRate.durationSec} s (direct, relay, baseline, gateway, then again), latencies pooled over the rounds; same request and reply as above. Added latency = target percentile − direct percentile; the relay is a TCP byte relay on the proxy core, the least one more hop can add. Proxy CPU is the mean of the rounds.`,
    },
    {
      scenario: 'stream-50kb',
      description: `autocannon, ${s.connections} connections, ${s.durationSec} s after a ${plan.warmupSec} s warm-up; ${Math.round(s.bodyBytes / 1024)} KB Claude-Code-shaped body with \`stream: true\`; the simulator answers ${s.outputTokens} output tokens at ${s.tokensPerSec} tokens/s (first token after ${s.firstTokenMs} ms, 4 tokens per delta). Latency is the whole stream, request to \`message_stop\`.`,
    },
  ];
}
