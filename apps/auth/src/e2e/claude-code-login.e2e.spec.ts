import type { RequestCompletedV1 } from '@gatehouse/contracts';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startDevIdp, type DevIdpHandle } from '@gatehouse/dev-idp';
import { freePort } from '@gatehouse/service-kit';
import {
  approveDevice,
  assertPrivateEtcSupported,
  chooseMenuOption,
  collectMessages,
  createThrowawayDatabase,
  deleteTestTopics,
  type HeadlessChromium,
  launchHeadlessChromium,
  privateEtcCommand,
  resolveClaudeCodeBinary,
  type ThrowawayDatabase,
  TmuxSession,
  uniqueTopicSuffix,
} from '@gatehouse/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { directoryUserId, mapIdpGroupToRole } from './support/admin-role';
import { deviceSignIn } from './support/device-token';
import { etcFolderState } from './support/etc-state';
import { REPO_ROOT } from './support/repo-root';
import { startGateway, startService, startSimulator, type RunningService } from './support/stack-processes';

/*
 * Issue 4's first acceptance: stock Claude Code from npm, told by a managed-settings.json to sign
 * in to Gatehouse (`forceLoginMethod: "gateway"` + `forceLoginGatewayUrl`), completes its own
 * gateway login against the dev IdP, runs a prompt through the proxy attributed to the person who
 * signed in, and applies the managed settings Gatehouse served for that person.
 *
 * Everything is real and separate: PostgreSQL (a throwaway database), Kafka, the dev IdP, the auth
 * service and the proxy processes, the simulator upstream, Claude Code in tmux (a real terminal),
 * and Debian's Chromium for the browser step. The proxy's URL is the gateway's one base URL and
 * the auth service's public URL; the auth service is reached only through its edge routes.
 *
 * The managed-settings.json exists only inside a private mount namespace (an overlay on /etc
 * whose writes land in a tmpfs), and the test checks the machine's /etc/claude-code is as before.
 */
const ORG = 'org_e2e';
const ALICE = { username: 'alice@example.com', password: 'alice-dev-password' };
const SIMULATOR_KEY = 'sk-ant-gatehouse-e2e-org-key';
const MANAGED_DIR = '/etc/claude-code';
const run = promisify(execFile);

/** Per screen of Claude Code; the whole test is bounded by jest's e2e timeout as well. */
const SCREEN_TIMEOUT_MS = 30_000;
const REPLY_TIMEOUT_MS = 60_000;

interface Step {
  readonly step: string;
  readonly ms: number;
  readonly saw: string;
}

describe('stock Claude Code signs in to Gatehouse with /login and works under its managed settings', () => {
  const steps: Step[] = [];
  const marker = `gh-e2e-${randomBytes(4).toString('hex')}`;
  const usageTopic = `gatehouse.usage.request-completed.v1.cc-login-${uniqueTopicSuffix()}`;
  let dir = '';
  let etcBefore = '';
  let gateway = '';
  let database: ThrowawayDatabase | undefined;
  let idp: DevIdpHandle | undefined;
  let simulator: RunningService | undefined;
  let auth: RunningService | undefined;
  let proxy: RunningService | undefined;
  let browser: HeadlessChromium | undefined;
  let claude: TmuxSession | undefined;
  // Each test builds on the one before; a later one fails at once, naming the earlier failure,
  // instead of waiting out its own timeouts.
  let policyPublished = false;
  let sessionReady = false;
  const requireStep = (done: boolean, what: string) => {
    if (!done) throw new Error(`skipped: ${what} failed above`);
  };

  /** Times `action` and records it with the screen text (or other evidence) it returned. */
  async function step<T>(name: string, action: () => Promise<T>, saw: (value: T) => string): Promise<T> {
    const started = performance.now();
    const value = await action();
    steps.push({ step: name, ms: Math.round(performance.now() - started), saw: saw(value) });
    return value;
  }

  beforeAll(async () => {
    // Debian's Chromium and tmux; a no-op when both are installed.
    await run('bash', [path.join(REPO_ROOT, 'tools/dev/install-browser.sh')], { timeout: 300_000 });
    dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-cc-login-'));
    etcBefore = await etcFolderState(MANAGED_DIR);
    await mkdir(path.join(dir, 'probe'));
    await assertPrivateEtcSupported(path.join(dir, 'probe'));

    const [authPort, proxyPort] = [await freePort(), await freePort()];
    gateway = `http://127.0.0.1:${proxyPort}`;
    const brokers = process.env.KAFKA_BROKERS ?? '';
    database = await createThrowawayDatabase(process.env.DATABASE_URL ?? '');
    idp = await startDevIdp({ extraRedirectUris: [`${gateway}/auth/callback`] });
    simulator = await startSimulator(SIMULATOR_KEY);
    auth = await startService('apps/auth/src/main.ts', authPort, {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: database.url,
      AUTH_PUBLIC_URL: gateway,
      AUTH_ORG_ID: ORG,
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: DEFAULT_CLIENT_ID,
      OIDC_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
      OIDC_SCOPES: 'openid,email,profile,groups',
    });
    await mapIdpGroupToRole({ databaseUrl: database.url, orgId: ORG, idpGroup: 'platform-admins', role: 'gatehouse-admin' });
    proxy = await startGateway({
      dir: path.join(dir, 'proxy'),
      port: proxyPort,
      simulator,
      simulatorKey: SIMULATOR_KEY,
      authServiceUrl: auth.url,
      issuer: gateway,
      kafkaBrokers: brokers,
      usageTopic,
    });
    browser = await launchHeadlessChromium();
  }, 420_000);

  afterAll(async () => {
    await claude?.kill();
    await browser?.close();
    await proxy?.process.stop(10_000).catch(() => undefined);
    await auth?.process.stop(10_000).catch(() => undefined);
    await simulator?.process.stop(5_000).catch(() => undefined);
    await idp?.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    await deleteTestTopics([usageTopic]).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
    // The report: how long each step took and what Claude Code (or the browser) showed.
    console.log(`claude-code-login steps:\n${steps.map((s) => `${s.ms} ms  ${s.step}: ${s.saw}`).join('\n')}`);
  });

  it('publishes a managed-settings policy as alice, an admin through her IdP group', async () => {
    const admin = await step(
      'alice signs in for the admin API (device flow, code pre-filled, in Chromium)',
      () =>
        deviceSignIn(gateway, async (device) => {
          // A browser of its own, so Claude Code's sign-in below meets the IdP's login form again.
          const adminBrowser = await launchHeadlessChromium();
          try {
            const approval = await approveDevice({
              browser: adminBrowser,
              verificationUrl: device.verification_uri_complete,
              userCode: device.user_code,
              ...ALICE,
            });
            expect(approval.email).toBe(ALICE.username);
          } finally {
            await adminBrowser.close();
          }
        }),
      (tokens) => `token for ${tokens.email}`,
    );
    const published = await fetch(`${gateway}/admin/policies/managed-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        base: {
          env: { GATEHOUSE_E2E_MARKER: marker },
          permissions: { defaultMode: 'default', allow: ['Bash(printenv GATEHOUSE_E2E_MARKER)'] },
        },
        layers: [],
      }),
    });
    expect({ status: published.status, body: await published.json() }).toMatchObject({
      status: 200,
      body: { changed: true },
    });
    policyPublished = true;
  });

  it('completes /login against the dev IdP through the gateway', async () => {
    requireStep(policyPublished, 'publishing the policy');
    const managed = path.join(dir, 'managed');
    await mkdir(managed);
    await writeFile(
      path.join(managed, 'managed-settings.json'),
      JSON.stringify({ forceLoginMethod: 'gateway', forceLoginGatewayUrl: gateway }, null, 2),
    );
    const home = path.join(dir, 'home');
    const work = path.join(dir, 'work');
    await mkdir(path.join(home, '.claude'), { recursive: true });
    await mkdir(work);
    await mkdir(path.join(dir, 'etc-scratch'));
    claude = await TmuxSession.start({
      command: privateEtcCommand([resolveClaudeCodeBinary()], {
        scratchDir: path.join(dir, 'etc-scratch'),
        mounts: [{ target: MANAGED_DIR, source: managed, readOnly: true }],
      }),
      env: {
        PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
        HOME: home,
        CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
      },
      cwd: work,
    });
    const session = claude;
    const screen = (pattern: RegExp) => session.waitForText(pattern, { timeoutMs: SCREEN_TIMEOUT_MS });

    await step('first start: theme', () => screen(/Choose the text style/), (m) => m[0]);
    await session.sendKeys('Enter');
    const named = await step('gateway named by managed settings', () => screen(/Gateway:\s+(\S+)/), (m) => m[0]);
    expect(named[1]).toBe(gateway);
    await session.sendKeys('Enter');
    await step(
      'trust the gateway',
      async () => {
        const shown = await screen(/Trust gateway \S+\?/);
        await chooseMenuOption(session, /Yes, trust this gateway/, { timeoutMs: SCREEN_TIMEOUT_MS });
        return shown;
      },
      (m) => m[0],
    );
    const code = await step('device code shown', () => screen(/Code:\s+([A-Z]{4}-[A-Z]{4})/), (m) => m[0]);
    const url = await screen(/(http:\/\/\S+\/device)\s/);
    expect(url[1]).toBe(`${gateway}/device`);
    await step(
      'alice approves in Chromium (code typed from the terminal)',
      () =>
        approveDevice({
          browser: browser as HeadlessChromium,
          verificationUrl: url[1] as string,
          userCode: code[1],
          ...ALICE,
        }),
      (approval) => `verification page: signed in as ${approval.email}`,
    );
    const confirm = await step(
      'Claude Code asks to confirm the account',
      () => screen(/Signed in to Cloud gateway as (\S+)/),
      (m) => m[0],
    );
    expect(confirm[1]).toBe(ALICE.username);
    await chooseMenuOption(session, /Yes, continue/, { timeoutMs: SCREEN_TIMEOUT_MS });
    await step('connected', () => screen(/Connected to Cloud gateway/), (m) => m[0]);
    await session.sendKeys('Enter');
    await step('security notes', () => screen(/Security notes/), (m) => m[0]);
    await session.sendKeys('Enter');
    await step(
      'trust the work folder',
      async () => {
        const shown = await screen(/Quick safety check/);
        await chooseMenuOption(session, /Yes, I trust this folder/, { timeoutMs: SCREEN_TIMEOUT_MS });
        return shown;
      },
      (m) => m[0],
    );
    // The first sign of the served settings: Claude Code asks before applying an `env` entry.
    const approval = await step(
      'managed settings from the gateway need approval',
      async () => {
        const shown = await screen(/Managed settings require approval[\s\S]*Settings requiring approval:\s*\n\s*· (\S+)/);
        await chooseMenuOption(session, /Yes, I trust these settings/, { timeoutMs: SCREEN_TIMEOUT_MS });
        return shown;
      },
      (m) => `Managed settings require approval: ${m[1]}`,
    );
    expect(approval[1]).toBe('GATEHOUSE_E2E_MARKER');
    await step('session ready', () => screen(/\S+ · Cloud gateway\s*$/m), (m) => m[0].trim());
    sessionReady = true;
  });

  it('runs a prompt through the proxy, attributed to alice', async () => {
    requireStep(sessionReady, '/login');
    const session = claude as TmuxSession;
    await session.submit('Say hello to Gatehouse', { echoTimeoutMs: 10_000 });
    await step(
      'simulator reply on screen',
      () => session.waitForText(/Mock reply to: Say hello to Gatehouse/, { timeoutMs: REPLY_TIMEOUT_MS }),
      (m) => m[0],
    );
    const aliceId = await directoryUserId((database as ThrowawayDatabase).url, ALICE.username);
    expect(aliceId).toMatch(/^usr_/);
    const messages = await collectMessages(usageTopic, { count: 1, timeoutMs: 20_000 });
    const events = messages.map((message) => JSON.parse(message.value ?? '{}') as RequestCompletedV1);
    steps.push({ step: 'usage events on Kafka', ms: 0, saw: events.map((e) => `${e.userId} ${e.email} ${e.httpStatus}`).join(', ') });
    for (const event of events) {
      expect(event).toMatchObject({ principalType: 'user', userId: aliceId, email: ALICE.username, orgId: ORG });
    }
    expect(events.some((event) => event.httpStatus === 200)).toBe(true);
  });

  it('applies the managed settings the gateway served: its allow rule runs the Bash tool, which sees its env', async () => {
    requireStep(sessionReady, '/login');
    const session = claude as TmuxSession;
    await session.submit('Print the marker. MOCK_TOOL:Bash:{"command":"printenv GATEHOUSE_E2E_MARKER"}', { echoTimeoutMs: 10_000 });
    const result = await step(
      'tool result on screen',
      () => session.waitForText(/Done\. Tool result: (\S*)/, { timeoutMs: REPLY_TIMEOUT_MS }),
      (m) => m[0],
    );
    expect(result[1]).toBe(marker);
  });

  it("left the machine's own /etc untouched", async () => {
    await claude?.kill();
    expect(await etcFolderState(MANAGED_DIR)).toBe(etcBefore);
  });
});
