import type { Command } from 'commander';
import { createProgram, type CliIo } from './cli-program';
import type { HttpFetch } from './oauth/http-fetch';
import { virtualClock } from './test-support/scripted-fetch';

function run(args: string[], env: Record<string, string> = {}) {
  const output: string[] = [];
  const errors: string[] = [];
  const urls: string[] = [];
  let exitCode = 0;
  const fetch: HttpFetch = async (url) => {
    urls.push(url);
    return { status: 200, text: async () => JSON.stringify({ status: 'ok', checks: [] }) };
  };
  const clock = virtualClock();
  const io: CliIo = {
    env,
    fetch,
    out: (text) => output.push(text),
    err: (text) => errors.push(text),
    setExitCode: (code) => (exitCode = code),
    now: clock.now,
    sleep: clock.sleep,
    openBrowser: async () => false,
    homeDir: '/nonexistent-home',
    cwd: '/nonexistent-cwd',
  };
  const program = createProgram(io, '9.8.7');
  // Subcommands copy these settings when they are created, so apply them to each one.
  const capture = (command: Command): void => {
    command
      .exitOverride()
      .configureOutput({
        writeOut: (text) => output.push(text),
        writeErr: (text) => errors.push(text),
      });
    command.commands.forEach(capture);
  };
  capture(program);
  return {
    done: program.parseAsync(['node', 'gatehouse', ...args]),
    output,
    errors,
    urls,
    exitCode: () => exitCode,
  };
}

describe('gatehouse', () => {
  it('prints its version', async () => {
    const cli = run(['--version']);
    await expect(cli.done).rejects.toMatchObject({ code: 'commander.version' });
    expect(cli.output.join('')).toBe('9.8.7\n');
  });

  it('doctor probes GATEHOUSE_URL, then --url over it', async () => {
    const fromEnv = run(['doctor'], { GATEHOUSE_URL: 'http://gw.test:4100' });
    await fromEnv.done;
    expect(fromEnv.urls).toEqual(['http://gw.test:4100/healthz', 'http://gw.test:4100/readyz']);
    expect(fromEnv.exitCode()).toBe(0);

    const fromFlag = run(['doctor', '--url', 'http://other.test'], {
      GATEHOUSE_URL: 'http://gw.test:4100',
    });
    await fromFlag.done;
    expect(fromFlag.urls[0]).toBe('http://other.test/healthz');
  });

  it('defaults to the local proxy port', async () => {
    const cli = run(['doctor']);
    await cli.done;
    expect(cli.urls[0]).toBe('http://127.0.0.1:4000/healthz');
  });

  it('rejects a setup scope it does not know and a non-http gateway URL', async () => {
    await expect(run(['setup', 'claude', '--scope', 'global']).done).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    await expect(run(['login', '--gateway', 'ftp://gw.test']).done).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
  });
});
