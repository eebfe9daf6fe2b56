import { mkdtemp, mkdir, readFile, rm, stat, chmod, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SESSION_ENDED_MESSAGE } from './cli-error';
import { decodeJwtPayloadUnverified } from './credentials/jwt-claims';
import { eventually, LAUNCHER, runGatehouse } from './test-support/cli-runner';
import { FakeAuthorizationServer, type FakeUser } from './test-support/fake-authorization-server';

const ana: FakeUser = {
  sub: 'usr_ana',
  email: 'ana@corp.test',
  name: 'Ana Lima',
  org: 'org_corp',
  team: 'team_ml',
  groups: ['eng', 'ml'],
  roles: ['developer'],
};
const GATEWAY = 'http://127.0.0.1:4999';

describe('gatehouse login / token / whoami / logout against a loopback authorization server', () => {
  let server: FakeAuthorizationServer;
  let home: string;
  let env: Record<string, string>;
  const credentialsFile = () => path.join(home, '.config', 'gatehouse', 'credentials.json');
  const gatehouse = (args: string[], cwd?: string) => runGatehouse(args, { env, cwd }).exit;

  async function login(): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const run = runGatehouse(
      ['login', '--device', '--gateway', GATEWAY, '--auth-url', server.url],
      { env },
    );
    const userCode = await eventually(() => server.pendingUserCodes()[0]);
    await eventually(() => (run.stdout().includes(userCode) ? true : undefined));
    server.approve(userCode, ana);
    return run.exit;
  }

  beforeEach(async () => {
    server = await new FakeAuthorizationServer({ intervalSeconds: 1 }).start();
    home = await mkdtemp(path.join(tmpdir(), 'gatehouse-cli-'));
    env = { HOME: home };
  });

  afterEach(async () => {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('logs in with the device flow, stores private credentials, and whoami shows the account', async () => {
    const result = await login();
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`To sign in, open ${server.url}/device and enter the code:`);
    expect(result.stdout).toContain(`Logged in to ${GATEWAY} as ana@corp.test.`);
    expect((await stat(credentialsFile())).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(credentialsFile()))).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(await readFile(credentialsFile(), 'utf8'));
    expect(stored).toMatchObject({
      gatewayUrl: GATEWAY,
      authUrl: server.url,
      tokenEndpoint: `${server.url}/oauth/token`,
      email: 'ana@corp.test',
    });
    expect([...server.userAgents]).toEqual([expect.stringMatching(/^gatehouse-cli\//)]);

    const whoami = await gatehouse(['whoami']);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toContain('Email:         ana@corp.test');
    expect(whoami.stdout).toContain('User id:       usr_ana');
    expect(whoami.stdout).toContain('Org / team:    org_corp / team_ml');
    expect(whoami.stdout).toContain('Roles:         developer');
    expect(whoami.stdout).toContain('Groups:        eng, ml');
    expect(whoami.stdout).toContain('without verifying it');
  });

  it('token prints only the stored token while it is valid, and refreshes it silently near expiry', async () => {
    await login();
    const stored = JSON.parse(await readFile(credentialsFile(), 'utf8'));
    const valid = await gatehouse(['token']);
    expect(valid).toEqual({ code: 0, stdout: `${stored.accessToken}\n`, stderr: '' });
    expect(server.refreshGrants).toHaveLength(0);

    // A token with 30 s left is inside the 60 s margin.
    server.accessTokenTtlSeconds = 30;
    await writeFile(
      credentialsFile(),
      JSON.stringify({ ...stored, expiresAt: Date.now() + 30_000 }),
      { mode: 0o600 },
    );
    const refreshed = await gatehouse(['token']);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stderr).toBe('');
    expect(refreshed.stdout.trim()).not.toBe(stored.accessToken);
    expect(decodeJwtPayloadUnverified(refreshed.stdout.trim())).toMatchObject({
      sub: 'usr_ana',
      sid: expect.any(String),
    });
    expect(server.refreshGrants).toEqual([stored.refreshToken]);
    const rotated = JSON.parse(await readFile(credentialsFile(), 'utf8'));
    expect(rotated.refreshToken).not.toBe(stored.refreshToken);
    expect(rotated.accessToken).toBe(refreshed.stdout.trim());
  });

  it('two concurrent token calls refresh exactly once and never reuse a refresh token', async () => {
    server = await restartWith({
      intervalSeconds: 1,
      accessTokenTtlSeconds: 30,
      refreshDelayMs: 400,
    });
    await login();
    server.accessTokenTtlSeconds = 900;
    const [first, second] = await Promise.all([gatehouse(['token']), gatehouse(['token'])]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect(server.refreshGrants).toHaveLength(1);
    expect(server.reuseDetected).toEqual([]);
    expect(server.activeSessions()).toBe(1);
  });

  it('when the session ends on the server, token exits non-zero with the re-login message', async () => {
    server = await restartWith({ intervalSeconds: 1, accessTokenTtlSeconds: 30 });
    await login();
    server.endAllSessions();
    const ended = await gatehouse(['token']);
    expect(ended.code).toBe(1);
    expect(ended.stdout).toBe('');
    expect(ended.stderr).toContain(SESSION_ENDED_MESSAGE);
    // The dead refresh token is not sent again.
    const again = await gatehouse(['token']);
    expect(again.stderr).toContain(SESSION_ENDED_MESSAGE);
    expect(server.refreshGrants).toHaveLength(1);
  });

  it('logout revokes the access and refresh tokens and deletes the credentials', async () => {
    await login();
    const stored = JSON.parse(await readFile(credentialsFile(), 'utf8'));
    const logout = await gatehouse(['logout']);
    expect(logout).toMatchObject({ code: 0, stderr: '' });
    expect(logout.stdout).toContain(`Logged out of ${GATEWAY}.`);
    expect(server.revokedTokens).toEqual([
      { token: stored.accessToken, hint: 'access_token' },
      { token: stored.refreshToken, hint: 'refresh_token' },
    ]);
    expect(server.activeSessions()).toBe(0);
    await expect(stat(credentialsFile())).rejects.toMatchObject({ code: 'ENOENT' });
    const token = await gatehouse(['token']);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('not logged in; run `gatehouse login`');
  });

  it('refuses a credentials file other users can read', async () => {
    await login();
    await chmod(credentialsFile(), 0o644);
    const token = await gatehouse(['token']);
    expect(token.code).toBe(1);
    expect(token.stdout).toBe('');
    expect(token.stderr).toContain('is readable by other users (mode 644)');
  });

  it('logs in through the browser with loopback redirect and PKCE when the server offers it', async () => {
    server = await restartWith({ authorizationEndpoint: true, browserUser: ana });
    const run = runGatehouse(['login', '--gateway', GATEWAY, '--auth-url', server.url], { env });
    const url = await eventually(
      () => run.stdout().match(/^(http:\/\/\S+\/authorize\?\S+)$/m)?.[1],
    );
    // The test plays the browser: the server signs the user in and redirects to the loopback port.
    const landing = await fetch(url);
    expect(await landing.text()).toContain('Signed in to Gatehouse');
    const result = await run.exit;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Logged in to ${GATEWAY} as ana@corp.test.`);
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('setup claude merges the gateway settings into existing user and project settings', async () => {
    await login();
    const userSettings = path.join(home, '.claude', 'settings.json');
    await mkdir(path.dirname(userSettings), { recursive: true });
    await writeFile(userSettings, JSON.stringify({ model: 'opus', env: { FOO: 'bar' } }));
    const setup = await gatehouse(['setup', 'claude']);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain(`Updated ${userSettings}:`);
    expect(setup.stdout).toContain(`env.ANTHROPIC_BASE_URL: (unset) -> "${GATEWAY}"`);
    expect(JSON.parse(await readFile(userSettings, 'utf8'))).toEqual({
      model: 'opus',
      apiKeyHelper: `${LAUNCHER} token`,
      env: { FOO: 'bar', ANTHROPIC_BASE_URL: GATEWAY, CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '50000' },
    });
    expect((await gatehouse(['setup', 'claude'])).stdout).toContain('nothing changed');

    const project = path.join(home, 'project');
    await mkdir(project);
    expect((await gatehouse(['setup', 'claude', '--scope', 'project'], project)).code).toBe(0);
    expect(
      JSON.parse(await readFile(path.join(project, '.claude', 'settings.json'), 'utf8')),
    ).toMatchObject({ apiKeyHelper: `${LAUNCHER} token` });
  });

  async function restartWith(
    options: ConstructorParameters<typeof FakeAuthorizationServer>[0],
  ): Promise<FakeAuthorizationServer> {
    await server.stop();
    return new FakeAuthorizationServer(options).start();
  }
});
