import { join } from 'node:path';
import type { PinnedProcess } from './pinned-process';
import type { BenchPlan } from './plan';
import type { NotRun } from './results';
import {
  kafkaBrokers,
  startBaseline,
  startGateway,
  startRelay,
  startSimulator,
  type Baseline,
  type CoreLayout,
  type Gateway,
  type Relay,
  type Simulator,
} from './topology';

/**
 * Every process of a run: one simulator per profile, the TCP relay, the baseline, and the gateway
 * if it starts.
 */
export interface Topology {
  readonly simulators: Record<'fast' | 'stream' | 'hold', Simulator>;
  readonly relay: Relay;
  readonly baseline: Baseline;
  readonly gateway: Gateway | NotRun;
}

const STACK_ENV = '.gatehouse/stack.env';

async function startSimulators(
  plan: BenchPlan,
  layout: CoreLayout,
  logDir: string,
): Promise<Topology['simulators']> {
  const [fast, stream, hold] = await Promise.all([
    // Instant replies: the throughput and fixed-rate scenarios measure the path, not the model.
    startSimulator({ id: 'fast', env: {} }, layout, logDir),
    startSimulator(
      {
        id: 'stream',
        env: {
          MOCK_FIRST_TOKEN_MS: String(plan.stream.firstTokenMs),
          MOCK_TOKENS_PER_SEC: String(plan.stream.tokensPerSec),
          MOCK_OUTPUT_TOKENS: String(plan.stream.outputTokens),
        },
      },
      layout,
      logDir,
    ),
    startSimulator(
      {
        id: 'hold',
        env: {
          MOCK_TOKENS_PER_SEC: String(plan.hold.tokensPerSec),
          MOCK_OUTPUT_TOKENS: String(plan.hold.outputTokens),
        },
      },
      layout,
      logDir,
    ),
  ]);
  return { fast, stream, hold };
}

async function startProxies(
  plan: BenchPlan,
  simulators: Topology['simulators'],
  layout: CoreLayout,
  logFile: (name: string) => string,
): Promise<Omit<Topology, 'simulators' | 'relay'>> {
  const order = [simulators.fast, simulators.stream, simulators.hold];
  const baseline = await startBaseline(
    order.map((s) => s.url),
    plan.upstreamConnections,
    layout,
    logFile('baseline-proxy'),
  );
  const brokers = kafkaBrokers(STACK_ENV);
  if (brokers === undefined)
    return {
      baseline,
      gateway: {
        status: 'not-run',
        reason: `no KAFKA_BROKERS and no ${STACK_ENV} (start the stack: npm run stack start)`,
      },
    };
  try {
    const gateway = await startGateway({
      simulators: order,
      brokers,
      connections: plan.upstreamConnections,
      layout,
      logFile: logFile('gateway'),
    });
    return { baseline, gateway };
  } catch (error) {
    return {
      baseline,
      gateway: { status: 'not-run', reason: `gateway did not start: ${(error as Error).message}` },
    };
  }
}

export async function startTopology(
  plan: BenchPlan,
  layout: CoreLayout,
  logDir: string,
): Promise<Topology> {
  const simulators = await startSimulators(plan, layout, logDir);
  const started: PinnedProcess[] = Object.values(simulators).map((s) => s.process);
  try {
    const relay = await startRelay(
      [simulators.fast.url, simulators.stream.url, simulators.hold.url],
      layout,
      join(logDir, 'tcp-relay.log'),
    );
    started.push(relay.process);
    const proxies = await startProxies(plan, simulators, layout, (name) =>
      join(logDir, `${name}.log`),
    );
    return { simulators, relay, ...proxies };
  } catch (error) {
    await Promise.allSettled(started.map((process) => process.stop()));
    throw error;
  }
}

async function stopProxies(topology: Topology): Promise<void> {
  const stops = [topology.baseline.process.stop()];
  if (!('status' in topology.gateway)) stops.push(topology.gateway.stop());
  await Promise.allSettled(stops);
}

/**
 * Stops the baseline and the gateway and starts fresh ones against the same simulators; the relay,
 * which the concurrent-streams scenario does not use, keeps running.
 */
export async function restartProxies(
  plan: BenchPlan,
  topology: Topology,
  layout: CoreLayout,
  logDir: string,
): Promise<Topology> {
  await stopProxies(topology);
  const proxies = await startProxies(plan, topology.simulators, layout, (name) =>
    join(logDir, `${name}-streams.log`),
  );
  return { simulators: topology.simulators, relay: topology.relay, ...proxies };
}

export async function stopTopology(topology: Topology | undefined): Promise<void> {
  if (topology === undefined) return;
  await stopProxies(topology);
  await Promise.allSettled([
    topology.relay.process.stop(),
    ...Object.values(topology.simulators).map((s) => s.process.stop()),
  ]);
}
