import { TestTokenSigner } from '@gatehouse/access-token';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOLD_MODEL, SMALL_MODEL, STREAM_MODEL } from './payloads';
import { LISTENERS_LINE } from './listener-process';
import { freePort, PinnedProcess } from './pinned-process';

/** What each simulator does; the same simulator serves every target of a scenario. */
export interface SimulatorProfile {
  readonly id: 'fast' | 'stream' | 'hold';
  readonly env: Record<string, string>;
}

export interface Simulator {
  readonly profile: SimulatorProfile;
  readonly url: string;
  readonly process: PinnedProcess;
}

export interface CoreLayout {
  /** CPU list for the proxy under test (baseline and gateway). */
  readonly proxy?: string;
  /** CPU list for the simulators (the load generator pins itself to the same). */
  readonly load?: string;
}

/**
 * The proxies (and the relay) run with the V8 settings docs/proxy.md recommends for production: a small young
 * generation keeps RSS flat with thousands of open streams (V8 otherwise sizes it for this
 * machine's 24 GB). Applied to the baseline and the gateway alike, so the comparison stays fair.
 */
export const PROXY_NODE_OPTIONS = '--max-semi-space-size=16';

/**
 * V8 flags docs/proxy.md recommends for a proxy process that has one CPU, on its command line
 * (V8 refuses them in NODE_OPTIONS). On a single core, V8's concurrent-marking helper threads only
 * take the core from the request thread; without them the old generation is marked in small steps
 * between requests (ADR 0021). Only the gateway gets them: the baseline stays the least a Node proxy
 * does, so a flag that cost throughput would show in the gateway's ratio instead of lowering the bar.
 */
const GATEWAY_V8_FLAGS: readonly string[] = ['--no-concurrent-marking'];

/**
 * Extra node command-line flags for the proxies and the relay from `BENCH_PROXY_NODE_FLAGS`
 * (space-separated), for profiling a run (`--cpu-prof`, `--trace-gc-nvp`) without editing code.
 */
function proxyNodeFlags(): string[] {
  return (process.env.BENCH_PROXY_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
}

export const UPSTREAM_KEY_ENV = 'BENCH_UPSTREAM_KEY';
export const UPSTREAM_KEY = 'bench-upstream-key';
const MOCK_ENTRY = 'tools/mock-upstream/src/main.ts';

export async function startSimulator(
  profile: SimulatorProfile,
  layout: CoreLayout,
  logDir: string,
): Promise<Simulator> {
  const process_ = PinnedProcess.start({
    name: `simulator-${profile.id}`,
    entry: MOCK_ENTRY,
    args: ['--port', '0', '--host', '127.0.0.1'],
    env: { PATH: process.env.PATH, MOCK_API_KEY: UPSTREAM_KEY, ...profile.env },
    cpus: layout.load,
    logFile: join(logDir, `simulator-${profile.id}.log`),
  });
  const url = await process_.waitForOutput(/listening on (http:\/\/\S+)/, 30_000);
  return { profile, url, process: process_ };
}

/** A pass-through process pinned like the proxies under test: one listener per simulator. */
export interface ListenerProcess {
  /** Listener URLs in the order of the simulators given. */
  readonly urls: readonly string[];
  readonly process: PinnedProcess;
}
export type Baseline = ListenerProcess;
export type Relay = ListenerProcess;

async function startListenerProcess(options: {
  name: string;
  entry: string;
  upstreams: readonly string[];
  env?: Record<string, string>;
  layout: CoreLayout;
  logFile: string;
}): Promise<ListenerProcess> {
  const process_ = PinnedProcess.start({
    name: options.name,
    entry: options.entry,
    args: options.upstreams,
    env: { PATH: process.env.PATH, NODE_OPTIONS: PROXY_NODE_OPTIONS, ...options.env },
    cpus: options.layout.proxy,
    nodeFlags: proxyNodeFlags(),
    logFile: options.logFile,
  });
  const line = await process_.waitForOutput(LISTENERS_LINE, 30_000);
  return { urls: (JSON.parse(line) as { listeners: string[] }).listeners, process: process_ };
}

export function startBaseline(
  upstreams: readonly string[],
  connections: number,
  layout: CoreLayout,
  logFile: string,
): Promise<Baseline> {
  return startListenerProcess({
    name: 'baseline-proxy',
    entry: 'tools/bench/src/baseline-proxy.ts',
    upstreams,
    env: { BASELINE_CONNECTIONS: String(connections) },
    layout,
    logFile,
  });
}

/** The TCP byte relay (the latency floor, tcp-relay.ts). */
export function startRelay(
  upstreams: readonly string[],
  layout: CoreLayout,
  logFile: string,
): Promise<Relay> {
  return startListenerProcess({
    name: 'tcp-relay',
    entry: 'tools/bench/src/tcp-relay.ts',
    upstreams,
    layout,
    logFile,
  });
}

export interface Gateway {
  readonly url: string;
  readonly token: string;
  readonly usageTopic: string;
  readonly process: PinnedProcess;
  stop(): Promise<void>;
}

/** KAFKA_BROKERS from the environment, else from the local stack's resolved endpoints. */
export function kafkaBrokers(stackEnvFile: string): string | undefined {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
  try {
    const match = /^KAFKA_BROKERS=(.+)$/m.exec(readFileSync(stackEnvFile, 'utf8'));
    return match?.[1].trim();
  } catch {
    return undefined;
  }
}

/**
 * The real proxy with every feature on: access-token verification against the dev signer's
 * JWKS, a routing file, the SSE usage tap, pricing, usage events batched to the real Kafka on
 * a topic of the benchmark's own, and the access log (to a file, as a deployment would ship it).
 */
export async function startGateway(options: {
  simulators: readonly Simulator[];
  brokers: string;
  connections: number;
  layout: CoreLayout;
  logFile: string;
}): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const signer = await TestTokenSigner.loadOrCreate(join(dir, 'signer'));
  const token = await signer.sign(
    { sub: 'usr_bench', org: 'org_bench', team: 'team_bench', email: 'bench@example.com' },
    { expiresInSec: 3600 },
  );
  const modelOf: Record<SimulatorProfile['id'], string> = {
    fast: SMALL_MODEL,
    stream: STREAM_MODEL,
    hold: HOLD_MODEL,
  };
  const routesFile = join(dir, 'routes.json');
  writeFileSync(
    routesFile,
    JSON.stringify({
      endpoints: options.simulators.map((s) => ({
        id: s.profile.id,
        provider: 'anthropic',
        baseUrl: s.url,
        apiKeyEnv: UPSTREAM_KEY_ENV,
      })),
      routes: options.simulators.map((s) => ({
        models: [modelOf[s.profile.id]],
        upstreams: [{ endpoint: s.profile.id }],
      })),
    }),
  );
  const port = await freePort();
  const usageTopic = `gatehouse.usage.request-completed.v1.bench`;
  const process_ = PinnedProcess.start({
    name: 'gateway',
    entry: 'apps/proxy/src/main.ts',
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: PROXY_NODE_OPTIONS,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      KAFKA_BROKERS: options.brokers,
      USAGE_TOPIC: usageTopic,
      GATEHOUSE_ROUTES_FILE: routesFile,
      GATEHOUSE_JWKS_FILE: join(dir, 'signer', 'jwks.json'),
      // The journal directory is locked per process; a bench gateway must not take a dev one's.
      USAGE_JOURNAL_DIR: join(dir, 'journal'),
      [UPSTREAM_KEY_ENV]: UPSTREAM_KEY,
      UPSTREAM_CONNECTIONS: String(options.connections),
    },
    cpus: options.layout.proxy,
    nodeFlags: [...GATEWAY_V8_FLAGS, ...proxyNodeFlags()],
    logFile: options.logFile,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await process_.waitForHttp(`${url}/readyz`, 60_000);
  } catch (error) {
    await process_.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    token,
    usageTopic,
    process: process_,
    stop: async () => {
      await process_.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
