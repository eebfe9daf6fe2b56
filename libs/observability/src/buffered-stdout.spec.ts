import { spawn } from 'node:child_process';
import { join } from 'node:path';

const LOGGER = join(__dirname, 'logger.ts');
const BUFFERED_STDOUT = join(__dirname, 'buffered-stdout.ts');

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

function prelude(options: { minBytes: number; flushIntervalMs: number }): string {
  return `
    const { createLogger } = require(${JSON.stringify(LOGGER)});
    const { bufferedStdout } = require(${JSON.stringify(BUFFERED_STDOUT)});
    const stdout = bufferedStdout(${JSON.stringify(options)});
    const log = createLogger({ service: 'spec', level: 'info', destination: stdout.destination });
  `;
}

/** Polls until `ready` holds or `ms` pass. */
async function within(ms: number, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

const EVERY_100_MS = { minBytes: 8192, flushIntervalMs: 100 };

describe('bufferedStdout', () => {
  it('writes every buffered line when the process exits', async () => {
    const child = run(
      `${prelude(EVERY_100_MS)} for (let i = 0; i < 3; i++) log.info({ i }, 'line'); process.exit(0);`,
    );
    expect(await child.exited).toBe(0);
    expect(child.lines().map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([0, 1, 2]);
  }, 30_000);

  it('flushes on its interval while the process keeps running', async () => {
    const child = run(
      `${prelude(EVERY_100_MS)} log.info({ i: 7 }, 'line'); setTimeout(() => console.log('EXIT'), 3000);`,
    );
    await within(2500, () => child.lines().length > 0);
    // The line came from the interval flush: the child has not reached its exit yet.
    expect(child.lines()).toHaveLength(1);
    expect(JSON.parse(child.lines()[0])).toMatchObject({ i: 7, service: 'spec', msg: 'line' });
    await child.exited;
    expect(child.lines().at(-1)).toBe('EXIT');
  }, 30_000);

  it('writes a block as soon as it reaches minBytes, whole lines in order', async () => {
    // No interval flush within the test: only the block size can bring these lines out early.
    const child = run(
      `${prelude({ minBytes: 1000, flushIntervalMs: 60_000 })}
       for (let i = 0; i < 25; i++) log.info({ i, pad: 'x'.repeat(60) }, 'line');
       setTimeout(() => process.exit(0), 3000);`,
    );
    await within(2500, () => child.lines().length >= 20);
    // 25 lines of ~150 characters: three full blocks came out, the rest waits for exit.
    const early = child.lines().map((line) => (JSON.parse(line) as { i: number }).i);
    expect(early.length).toBeGreaterThanOrEqual(18);
    expect(early.length).toBeLessThan(25);
    expect(early).toEqual([...early.keys()]);
    expect(await child.exited).toBe(0);
    expect(child.lines()).toHaveLength(25);
  }, 30_000);
});
