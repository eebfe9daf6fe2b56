import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertPrivateEtcSupported, privateEtcCommand } from './private-etc';
import { TerminalErrorCode } from './terminal-error';
import { chooseMenuOption } from './terminal-menu';
import { TmuxSession } from './tmux-session';

/* Real tmux and a real mount namespace (root on Linux); tools/dev/install-browser.sh installs tmux. */
describe('TmuxSession and privateEtcCommand', () => {
  let dir: string;
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-tmux-it-'));
  });

  afterAll(async () => {
    for (const session of sessions) await session.kill();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (script: string, env: Record<string, string> = {}) => {
    const session = await TmuxSession.start({
      command: ['/bin/sh', '-c', script],
      env: { PATH: '/usr/bin:/bin', ...env },
      cwd: dir,
    });
    sessions.push(session);
    return session;
  };

  it('runs a program with exactly the given environment, types into it and reads its screen', async () => {
    const session = await start('echo "marker=$ONLY_THIS home=${HOME:-unset}"; read line; echo "got:$line"; sleep 30', {
      ONLY_THIS: 'yes',
    });
    await session.waitForText(/marker=yes home=unset/, { timeoutMs: 5_000 });
    await session.type('hello world');
    await session.sendKeys('Enter');
    const match = await session.waitForText(/got:(.+)/, { timeoutMs: 5_000 });
    expect(match[1]?.trim()).toBe('hello world');
    await session.kill();
    expect(() => process.kill(session.pid, 0)).toThrow();
  });

  it('times out naming the pattern and showing the last screen', async () => {
    const session = await start('echo nothing to see; sleep 30');
    await expect(session.waitForText(/never shown/, { timeoutMs: 500 })).rejects.toMatchObject({
      code: TerminalErrorCode.Timeout,
      message: expect.stringContaining('nothing to see'),
    });
  });

  it('moves a ❯ menu cursor to the wanted entry before pressing Enter', async () => {
    // A two-entry menu whose cursor starts on "No"; arrows move it, Enter replaces it with the choice.
    const menu = [
      "let pos = 0; const entries = ['No', 'Yes'];",
      "const draw = () => process.stdout.write('\\x1b[2J\\x1b[H' + entries.map((e, i) => (i === pos ? '❯ ' : '  ') + e).join('\\n') + '\\n');",
      'process.stdin.setRawMode(true); draw();',
      "process.stdin.on('data', (d) => { const k = d.toString();",
      "  if (k === '\\x1b[B' || k === '\\x1b[A') { pos = 1 - pos; draw(); }",
      "  else if (k === '\\r') { process.stdout.write('\\x1b[2J\\x1b[Hchose-' + entries[pos] + '\\n'); } });",
    ].join('\n');
    const session = await TmuxSession.start({
      command: [process.execPath, '-e', menu],
      env: { PATH: '/usr/bin:/bin', TERM: 'xterm' },
      cwd: dir,
    });
    sessions.push(session);
    await chooseMenuOption(session, /^\W*Yes$/m, { timeoutMs: 5_000 });
    await session.waitForText(/chose-Yes/, { timeoutMs: 5_000 });
  });

  it("shows a folder at /etc/claude-code inside the namespace only, leaving the machine's /etc as it was", async () => {
    const managed = path.join(dir, 'managed');
    await mkdir(managed);
    await writeFile(path.join(managed, 'managed-settings.json'), '{"marker":"inside"}');
    const existedBefore = existsSync('/etc/claude-code');
    await mkdir(path.join(dir, 'probe'));
    await assertPrivateEtcSupported(path.join(dir, 'probe'));
    await mkdir(path.join(dir, 'scratch'));
    const session = await TmuxSession.start({
      command: privateEtcCommand(
        ['/bin/sh', '-c', 'cat /etc/claude-code/managed-settings.json; touch /etc/gatehouse-leak-check && echo wrote; sleep 30'],
        { scratchDir: path.join(dir, 'scratch'), mounts: [{ target: '/etc/claude-code', source: managed, readOnly: true }] },
      ),
      env: { PATH: '/usr/bin:/bin' },
      cwd: dir,
    });
    sessions.push(session);
    await session.waitForText(/\{"marker":"inside"\}\s*wrote/, { timeoutMs: 5_000 });
    await session.kill();
    expect(existsSync('/etc/claude-code')).toBe(existedBefore);
    expect(existsSync('/etc/gatehouse-leak-check')).toBe(false);
  });
});
