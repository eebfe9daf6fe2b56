import { requireCompiledEntry } from '@gatehouse/service-kit';
import { fork } from 'node:child_process';
import { BenchError, BenchErrorCode } from './errors';
import { pacedMeasurement, type PacedLoad } from './paced-load';
import type { FromPacedLoadProcess } from './paced-load-messages';
import { ProcessMeter } from './process-meter';
import type { HttpMeasurement } from './results';

const GENERATOR_ENTRY = 'tools/bench/src/paced-load-process.ts';

/**
 * Runs the paced load in a process of its own (see paced-load-process.ts), compiled JavaScript on
 * plain Node, which inherits this process's CPU pinning; meters `proxyPid` (the process under
 * test) over the measured run only.
 */
export async function measurePacedLoad(
  load: PacedLoad,
  proxyPid?: number,
): Promise<HttpMeasurement> {
  const child = fork(requireCompiledEntry(process.cwd(), GENERATOR_ENTRY), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let meter: ProcessMeter | undefined;
  try {
    const run = await new Promise<FromPacedLoadProcess & { type: 'result' }>((resolve, reject) => {
      child.on('message', (message: FromPacedLoadProcess) => {
        if (message.type === 'measuring' && proxyPid !== undefined)
          meter = new ProcessMeter(proxyPid);
        if (message.type === 'result') resolve(message);
        if (message.type === 'failed')
          reject(new BenchError(BenchErrorCode.LoadGeneratorFailed, message.message));
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
    return pacedMeasurement(run.run, meter?.stop());
  } finally {
    meter?.stop();
    if (child.exitCode === null) child.kill();
  }
}
