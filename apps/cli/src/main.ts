import { releaseVersion } from '@gatehouse/config';
import { createProgram } from './cli-program';

const program = createProgram(
  {
    env: process.env,
    fetch: (url, init) => fetch(url, init),
    out: (text) => process.stdout.write(`${text}\n`),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  },
  releaseVersion(),
);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
