import { freePort, ServiceProcess } from '@gatehouse/service-kit';
import { REPO_ROOT } from './repo-root';

/** What `/_mock/stats` reports that these tests read. */
export interface SimulatorStats {
  readonly requestsByRoute: Readonly<Record<string, number>>;
}

export interface SimulatorProcess {
  readonly url: string;
  /** Counters since the last reset, from `GET /_mock/stats`. */
  stats(): Promise<SimulatorStats>;
  /** Rewinds counters, faults and the prompt cache (`POST /_mock/reset`). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `tools/mock-upstream` as its own process on loopback, as the int tests do: the simulator
 * is an application, so the proxy's code may not import it. Its behaviour comes from `MOCK_*`
 * variables (tools/mock-upstream/README.md).
 */
export async function startSimulatorProcess(
  env: Record<string, string>,
): Promise<SimulatorProcess> {
  const port = await freePort();
  const simulator = ServiceProcess.start({
    entry: 'tools/mock-upstream/src/main.ts',
    args: ['--port', String(port), '--host', '127.0.0.1'],
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await simulator.waitForHttp(`${url}/_mock/health`, { timeoutMs: 60_000 });
  } catch (error) {
    await simulator.stop(5_000).catch(() => undefined);
    throw error;
  }
  return {
    url,
    stats: async () => {
      const response = await fetch(`${url}/_mock/stats`);
      if (!response.ok) throw new Error(`simulator stats answered ${response.status}`);
      return (await response.json()) as SimulatorStats;
    },
    reset: async () => {
      const response = await fetch(`${url}/_mock/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`simulator reset answered ${response.status}`);
    },
    stop: async () => {
      await simulator.stop(5_000);
    },
  };
}
