import { spawn } from 'node:child_process';
import { join } from 'node:path';

const LOGGER = join(__dirname, 'logger.ts');

/** Runs a script in a child whose stdout is a pipe, collecting what arrives and when. */
function run(script: string): { lines: () => string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { lines: () => output.split('\n').filter((line) => line !== ''), exited };
}

const prelude = `
  const { bufferedStdout, createLogger } = require(${JSON.stringify(LOGGER)});
  const stdout = bufferedStdout({ minBytes: 8192, flushIntervalMs: 100 });
  const log = createLogger({ service: 'spec', level: 'info', destination: stdout.destination });
`;

describe('bufferedStdout', () => {
  it('writes every buffered line when the process exits', async () => {
    const child = run(
      `${prelude} for (let i = 0; i < 3; i++) log.info({ i }, 'line'); process.exit(0);`,
    );
    expect(await child.exited).toBe(0);
    expect(child.lines().map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([0, 1, 2]);
  }, 30_000);

  it('flushes on its interval while the process keeps running', async () => {
    const child = run(
      `${prelude} log.info({ i: 7 }, 'line'); setTimeout(() => console.log('EXIT'), 3000);`,
    );
    const deadline = Date.now() + 2500;
    while (child.lines().length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    // The line came from the interval flush: the child has not reached its exit yet.
    expect(child.lines()).toHaveLength(1);
    expect(JSON.parse(child.lines()[0])).toMatchObject({ i: 7, service: 'spec', msg: 'line' });
    await child.exited;
    expect(child.lines().at(-1)).toBe('EXIT');
  }, 30_000);
});
