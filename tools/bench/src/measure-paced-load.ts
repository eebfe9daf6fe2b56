import { requireCompiledEntry } from '@gatehouse/service-kit';
import { fork } from 'node:child_process';
import { BenchError, BenchErrorCode } from './errors';
import { pacedMeasurement, type PacedLoad, type PacedRun } from './paced-load';
import type { FromPacedLoadProcess } from './paced-load-messages';
import { ProcessMeter, type ProcessUsage } from './process-meter';
import type { HttpMeasurement } from './results';

const GENERATOR_ENTRY = 'tools/bench/src/paced-load-process.ts';

/**
 * Runs the paced load (interleaved rounds over `load.targets`) in a process of its own (see
 * paced-load-process.ts), compiled JavaScript on plain Node, which inherits this process's CPU
 * pinning. `pids[i]` is the process under test behind target i, metered during its rounds only:
 * peak RSS over the rounds, CPU as the mean share of a core.
 */
export async function measurePacedLoad(
  load: PacedLoad,
  pids: readonly (number | undefined)[],
): Promise<HttpMeasurement[]> {
  const child = fork(requireCompiledEntry(process.cwd(), GENERATOR_ENTRY), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const usage: ProcessUsage[][] = load.targets.map(() => []);
  let meter: ProcessMeter | undefined;
  try {
    const runs = await new Promise<PacedRun[]>((resolve, reject) => {
      child.on('message', (message: FromPacedLoadProcess) => {
        switch (message.type) {
          case 'round-start': {
            const pid = pids[message.target];
            meter = pid === undefined ? undefined : new ProcessMeter(pid);
            break;
          }
          case 'round-end':
            if (meter !== undefined) usage[message.target].push(meter.stop());
            meter = undefined;
            break;
          case 'result':
            resolve(message.runs);
            break;
          case 'failed':
            reject(new BenchError(BenchErrorCode.LoadGeneratorFailed, message.message));
            break;
        }
      });
      child.once('exit', (code, signal) =>
        reject(
          new BenchError(
            BenchErrorCode.LoadGeneratorFailed,
            `the paced load generator exited (${signal ?? `code ${code}`}) before reporting`,
          ),
        ),
      );
      child.send(load);
    });
    return runs.map((run, index) => pacedMeasurement(run, combineUsage(usage[index])));
  } finally {
    meter?.stop();
    if (child.exitCode === null) child.kill();
  }
}

function combineUsage(rounds: readonly ProcessUsage[]): ProcessUsage | undefined {
  if (rounds.length === 0) return undefined;
  return {
    peakRssBytes: Math.max(...rounds.map((r) => r.peakRssBytes)),
    cpuCores: rounds.reduce((sum, r) => sum + r.cpuCores, 0) / rounds.length,
  };
}
