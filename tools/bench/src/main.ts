import { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { coreLayout, machineFacts, pinSelf, raiseOpenFilesLimit } from './host';
import { damonNotes } from './kernel-monitors';
import { measureHttpLoad, measureInterleaved, type HttpLoad } from './http-load';
import { measurePacedLoad } from './measure-paced-load';
import type { PacedLoad } from './paced-load';
import { METHOD } from './method';
import { claudeCodeSizedBody, HOLD_MODEL, smallBody, SMALL_MODEL, STREAM_MODEL } from './payloads';
import { benchPlan, describeScenarios, holdSeconds, type BenchPlan } from './plan';
import { renderPage, renderResults } from './report';
import type {
  BenchReport,
  ConcurrencyResult,
  HttpMeasurement,
  NotRun,
  ScenarioId,
  ScenarioResult,
  TargetName,
} from './results';
import { SCENARIO_TARGETS } from './results';
import { measureStreamHold } from './stream-hold';
import { UPSTREAM_KEY } from './topology';
import { restartProxies, startTopology, stopTopology, type Topology } from './bench-topology';

const OUT_DIR = '.gatehouse/bench';
// 5,000 held streams take two descriptors each in the proxy (client and upstream side) plus
// its own files; the load generator and the simulator take one per stream.
const OPEN_FILES_WANTED = 16_384;

/** Where one target is reached for one simulator, and with which credential. */
interface Endpoint {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Process under test; undefined for direct. */
  readonly pid?: number;
}

function endpoint(
  topology: Topology,
  target: TargetName,
  sim: 'fast' | 'stream' | 'hold',
): Endpoint | NotRun {
  const index = { fast: 0, stream: 1, hold: 2 }[sim];
  switch (target) {
    case 'direct':
      return { baseUrl: topology.simulators[sim].url, apiKey: UPSTREAM_KEY };
    case 'relay':
      // A byte relay: the request's own credential (the simulator's key) goes through untouched.
      return {
        baseUrl: topology.relay.urls[index],
        apiKey: UPSTREAM_KEY,
        pid: topology.relay.process.pid,
      };
    case 'baseline':
      return {
        baseUrl: topology.baseline.urls[index],
        apiKey: UPSTREAM_KEY,
        pid: topology.baseline.process.pid,
      };
    case 'gateway': {
      const gateway = topology.gateway;
      if ('status' in gateway) return gateway;
      return { baseUrl: gateway.url, apiKey: gateway.token, pid: gateway.process.pid };
    }
  }
}

function headers(apiKey: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'anthropic-version': '2023-06-01',
    'x-api-key': apiKey,
  };
}

function loadFor(
  plan: BenchPlan,
  scenario: Exclude<ScenarioId, 'small-fixed-rate'>,
  at: Endpoint,
): HttpLoad {
  const common = {
    url: `${at.baseUrl}/v1/messages`,
    headers: headers(at.apiKey),
    warmupSec: plan.warmupSec,
  };
  switch (scenario) {
    case 'small-max-throughput':
      return {
        ...common,
        body: smallBody(SMALL_MODEL),
        timeoutSec: 10,
        connections: plan.throughput.connections,
        durationSec: plan.throughput.durationSec,
        warmupSec: plan.throughput.warmupSec,
      };
    case 'stream-50kb':
      return {
        ...common,
        body: claudeCodeSizedBody(plan.stream.bodyBytes, STREAM_MODEL),
        timeoutSec: 30,
        connections: plan.stream.connections,
        durationSec: plan.stream.durationSec,
      };
  }
}

function pacedLoadFor(plan: BenchPlan, targets: readonly Endpoint[]): PacedLoad {
  return {
    targets: targets.map((at) => ({
      url: `${at.baseUrl}/v1/messages`,
      headers: headers(at.apiKey),
      body: smallBody(SMALL_MODEL),
    })),
    rps: plan.fixedRate.rps,
    roundSec: plan.fixedRate.durationSec,
    rounds: plan.fixedRate.rounds,
    connections: plan.fixedRate.connections,
    warmupSec: plan.fixedRate.warmupSec,
    timeoutSec: 10,
  };
}

/** The interleaved scenarios: every target measured in turns, in one call. */
function measureAllInRounds(
  plan: BenchPlan,
  scenario: InterleavedScenario,
  targets: readonly Endpoint[],
): Promise<HttpMeasurement[]> {
  if (scenario === 'small-fixed-rate') {
    return measurePacedLoad(
      pacedLoadFor(plan, targets),
      targets.map((at) => at.pid),
    );
  }
  return measureInterleaved(
    targets.map((at) => ({ load: loadFor(plan, scenario, at), pid: at.pid })),
    plan.throughput.rounds,
  );
}

const SCENARIO_SIMULATOR: Record<ScenarioId, 'fast' | 'stream'> = {
  'small-max-throughput': 'fast',
  'small-fixed-rate': 'fast',
  'stream-50kb': 'stream',
};

async function runScenarios(
  plan: BenchPlan,
  topology: Topology,
  only: ReadonlySet<string> | undefined,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of Object.keys(SCENARIO_SIMULATOR) as ScenarioId[]) {
    if (only !== undefined && !only.has(scenario)) continue;
    if (scenario === 'small-max-throughput' || scenario === 'small-fixed-rate') {
      results.push(...(await runInterleaved(plan, topology, scenario)));
      continue;
    }
    for (const target of SCENARIO_TARGETS[scenario]) {
      const at = endpoint(topology, target, SCENARIO_SIMULATOR[scenario]);
      if ('status' in at) {
        results.push({ scenario, target, outcome: at });
        continue;
      }
      log(`${scenario} → ${target}`);
      try {
        const outcome = await measureHttpLoad(loadFor(plan, scenario, at), at.pid);
        results.push({ scenario, target, outcome });
        logOutcome(outcome);
      } catch (error) {
        results.push({
          scenario,
          target,
          outcome: { status: 'not-run', reason: (error as Error).message },
        });
      }
      // Let closed sockets drain before the next target is loaded.
      await sleep(1_000);
    }
  }
  return results;
}

type InterleavedScenario = 'small-max-throughput' | 'small-fixed-rate';

/** The small-body scenarios: every target that started, in interleaved rounds. */
async function runInterleaved(
  plan: BenchPlan,
  topology: Topology,
  scenario: InterleavedScenario,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const running: { target: TargetName; at: Endpoint }[] = [];
  for (const target of SCENARIO_TARGETS[scenario]) {
    const at = endpoint(topology, target, SCENARIO_SIMULATOR[scenario]);
    if ('status' in at) results.push({ scenario, target, outcome: at });
    else running.push({ target, at });
  }
  const rounds = scenario === 'small-fixed-rate' ? plan.fixedRate.rounds : plan.throughput.rounds;
  log(`${scenario} → ${running.map((r) => r.target).join(', ')} in ${rounds} interleaved rounds`);
  try {
    const outcomes = await measureAllInRounds(
      plan,
      scenario,
      running.map(({ at }) => at),
    );
    for (const [index, { target }] of running.entries()) {
      results.push({ scenario, target, outcome: outcomes[index] });
      log(`  ${target}:`);
      logOutcome(outcomes[index]);
    }
  } catch (error) {
    for (const { target } of running)
      results.push({
        scenario,
        target,
        outcome: { status: 'not-run', reason: (error as Error).message },
      });
  }
  return results;
}

function logOutcome(outcome: HttpMeasurement): void {
  const rounds =
    outcome.roundsRps === undefined
      ? ''
      : ` (rounds: ${outcome.roundsRps.map((r) => Math.round(r)).join(', ')})`;
  log(
    `  ${Math.round(outcome.throughputRps)} req/s${rounds}, p50 ${outcome.latency.p50.toFixed(2)} ms, p99 ${outcome.latency.p99.toFixed(2)} ms, ${outcome.errors} errors`,
  );
}

async function runConcurrency(plan: BenchPlan, topology: Topology): Promise<ConcurrencyResult[]> {
  const results: ConcurrencyResult[] = [];
  for (const target of ['baseline', 'gateway'] as const) {
    const at = endpoint(topology, target, 'hold');
    if ('status' in at || at.pid === undefined) {
      results.push({
        target,
        outcome: 'status' in at ? at : { status: 'not-run', reason: 'no process' },
      });
      continue;
    }
    log(`concurrent streams → ${target} (${plan.hold.streams})`);
    try {
      const outcome = await measureStreamHold(
        {
          url: `${at.baseUrl}/v1/messages`,
          headers: headers(at.apiKey),
          body: JSON.stringify({
            model: HOLD_MODEL,
            max_tokens: 1024,
            stream: true,
            messages: [{ role: 'user', content: 'hold' }],
          }),
          streams: plan.hold.streams,
          waveSize: 250,
          waveGapMs: 50,
          timeoutMs: holdSeconds(plan) * 1000 + 60_000,
          simulatorUrl: topology.simulators.hold.url,
        },
        at.pid,
      );
      results.push({ target, outcome });
      log(
        `  peak ${outcome.peakConcurrent} open, ${outcome.errors} errors, ${(outcome.peakRssBytes / 1048576).toFixed(1)} MB RSS`,
      );
    } catch (error) {
      results.push({ target, outcome: { status: 'not-run', reason: (error as Error).message } });
    }
    await sleep(2_000);
  }
  return results;
}

const SELECTABLE = [...Object.keys(SCENARIO_SIMULATOR), 'concurrent-streams'];

/** `--only` as a set of scenario ids; an unknown id stops the run before anything starts. */
function parseOnly(value: string | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const unknown = ids.filter((id) => !SELECTABLE.includes(id));
  if (unknown.length > 0 || ids.length === 0)
    throw new Error(`--only takes scenario ids from: ${SELECTABLE.join(', ')} (got "${value}")`);
  return new Set(ids);
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  const flags = new Command('bench')
    .description('Benchmark the gateway against a pass-through baseline and the simulator itself')
    .option('--quick', 'one-minute smoke run; writes only .gatehouse/bench/quick.json', false)
    .option(
      '--only <scenarios>',
      'comma-separated scenario ids (small-max-throughput, small-fixed-rate, stream-50kb, concurrent-streams); writes only .gatehouse/bench/partial.json',
    )
    .option(
      '--render',
      'measure nothing: rewrite docs/benchmarks.md from .gatehouse/bench/latest.json (after a change to the report or method text)',
      false,
    )
    .parse()
    .opts<{ quick: boolean; only?: string; render: boolean }>();
  if (flags.render) {
    const latest = JSON.parse(readFileSync(join(OUT_DIR, 'latest.json'), 'utf8')) as BenchReport;
    writeFileSync('docs/benchmarks.md', renderPage(latest, METHOD));
    return;
  }
  const only = parseOnly(flags.only);
  const plan = benchPlan(flags.quick);
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const machine = machineFacts();
  const notes: string[] = [raiseOpenFilesLimit(OPEN_FILES_WANTED)];
  const { layout, description } = coreLayout(machine.nproc);
  const pinProblem = pinSelf(layout.load);
  if (pinProblem !== undefined) notes.push(pinProblem);
  notes.push(...damonNotes(layout.proxy === undefined ? undefined : Number(layout.proxy)));
  const logDir = join(OUT_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });

  let topology: Topology | undefined;
  let scenarios: ScenarioResult[] = [];
  let concurrency: ConcurrencyResult[] = [];
  try {
    topology = await startTopology(plan, layout, logDir);
    if ('status' in topology.gateway) {
      notes.push(`Gateway not run: ${topology.gateway.reason}`);
      log(`gateway not run: ${topology.gateway.reason}`);
    }
    scenarios = await runScenarios(plan, topology, only);
    if (only === undefined || only.has('concurrent-streams')) {
      // Fresh proxy processes, so the stream scenario's RSS is not the heap left by 10k req/s.
      log('restarting the proxies for the concurrent-streams scenario');
      topology = await restartProxies(plan, topology, layout, logDir);
      concurrency = await runConcurrency(plan, topology);
    }
  } finally {
    await stopTopology(topology);
  }
  if (flags.quick) notes.push('Quick smoke run: short windows and fewer streams; not a result.');
  if (only !== undefined) notes.push(`Partial run (--only ${[...only].join(',')}); not a result.`);

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    wallClockSec: (Date.now() - startedAt.getTime()) / 1000,
    machine,
    pinning: description,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
    settings: describeScenarios(plan),
    scenarios,
    concurrency,
    notes,
  };
  process.stdout.write(`\n${renderResults(report)}`);
  const complete = !flags.quick && only === undefined;
  const file = flags.quick ? 'quick.json' : only !== undefined ? 'partial.json' : 'latest.json';
  writeFileSync(join(OUT_DIR, file), `${JSON.stringify(report, null, 2)}\n`);
  if (complete) writeFileSync('docs/benchmarks.md', renderPage(report, METHOD));
}

// An interrupted run exits through process.exit, so the exit hook stops the pinned children.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
