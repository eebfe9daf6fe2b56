import { requestCompletedV1Schema, type RequestCompletedV1 } from '@gatehouse/contracts';
import {
  CookieJar,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  devIdpLogin,
  startDevIdp,
  type DevIdpHandle,
} from '@gatehouse/dev-idp';
import { freePort } from '@gatehouse/service-kit';
import {
  createTestKafka,
  createThrowawayDatabase,
  deleteTestTopics,
  type HeadlessChromium,
  launchHeadlessChromium,
  runClaudeCode,
  type ThrowawayDatabase,
  uniqueTopicSuffix,
  waitFor,
} from '@gatehouse/testing';
import type { Consumer } from 'kafkajs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwtPayloadUnverified } from './credentials/jwt-claims';
import { eventually, LAUNCHER, runGatehouse } from './test-support/cli-runner';
import {
  startAuthService,
  startProxy,
  startSimulator,
  type RunningService,
} from './test-support/login-stack';

/*
 * Issue 4's second acceptance, end to end: `gatehouse login` against the real auth service and
 * the dev IdP — the device flow approved over HTTP, and the browser flow (loopback + PKCE) driven
 * in Debian's headless Chromium — then `gatehouse setup claude`, and stock Claude Code with
 * `apiKeyHelper: gatehouse token` runs a prompt through the real proxy, attributed to alice.
 * Real and separate: PostgreSQL (a throwaway database), Kafka, the dev IdP, the auth service,
 * the proxy and the simulator upstream, each its own process; the CLI runs through its launcher
 * with a private HOME.
 */

const ALICE = { email: 'alice@example.com', password: 'alice-dev-password' };
const SIMULATOR_KEY = 'sk-cli-e2e-simulator';

/** Reads the proxy's usage topic for the whole file. */
class UsageEvents {
  readonly events: RequestCompletedV1[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(topic: string): Promise<UsageEvents> {
    const kafka = createTestKafka();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    const consumer = kafka.consumer({
      groupId: `gatehouse-cli-e2e-${uniqueTopicSuffix()}`,
      maxWaitTimeInMs: 100,
    });
    const usage = new UsageEvents(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const parsed = requestCompletedV1Schema.safeParse(
          JSON.parse(message.value?.toString('utf8') ?? 'null'),
        );
        if (parsed.success) usage.events.push(parsed.data);
      },
    });
    return usage;
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

/** A person's browser for the auth service's pages: cookies kept, redirects returned. */
async function browserGet(
  jar: CookieJar,
  url: string,
  init: { form?: Record<string, string>; origin?: string } = {},
) {
  const target = new URL(url);
  const cookie = jar.headerFor(target);
  const response = await fetch(target, {
    method: init.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(init.origin ? { origin: init.origin } : {}),
      ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
  });
  jar.store(target, response.headers.getSetCookie());
  return {
    status: response.status,
    location: response.headers.get('location'),
    html: await response.text(),
  };
}

/** Approves a device request the way a person does, over plain HTTP: page, confirm, IdP, callback. */
async function approveDeviceOverHttp(verificationUrl: string, authUrl: string): Promise<string> {
  const jar = new CookieJar();
  const page = await browserGet(jar, verificationUrl);
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.html)?.[1];
  const userCode = /id="user-code" name="user_code" value="([^"]*)"/.exec(page.html)?.[1];
  if (csrf === undefined || userCode === undefined || userCode === '')
    throw new Error(`unexpected device page: ${page.html}`);
  const confirmed = await browserGet(jar, `${authUrl}/device`, {
    origin: authUrl,
    form: { csrf_token: csrf, user_code: userCode, action: 'approve' },
  });
  expect(confirmed.status).toBe(303);
  const login = await devIdpLogin({
    authorizeUrl: String(confirmed.location),
    username: ALICE.email,
    password: ALICE.password,
  });
  const callback = await browserGet(jar, login.callbackUrl);
  expect(callback.status).toBe(200);
  return callback.html;
}

describe('gatehouse login (device and browser) → setup claude → Claude Code through the proxy', () => {
  const topics: string[] = [];
  let db: ThrowawayDatabase;
  let idp: DevIdpHandle;
  let auth: RunningService;
  let simulator: RunningService;
  let proxy: RunningService;
  let usage: UsageEvents;
  let chromium: HeadlessChromium | undefined;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-cli-e2e-'));
    const brokers = process.env.KAFKA_BROKERS ?? '';
    const usageTopic = `gatehouse.usage.cli-e2e-${uniqueTopicSuffix()}`;
    topics.push(usageTopic);
    db = await createThrowawayDatabase(process.env.DATABASE_URL ?? '', 'gatehouse_cli_e2e');
    const authPort = await freePort();
    idp = await startDevIdp({ extraRedirectUris: [`http://127.0.0.1:${authPort}/auth/callback`] });
    [auth, simulator, usage] = await Promise.all([
      startAuthService({
        databaseUrl: db.url,
        kafkaBrokers: brokers,
        issuer: idp.issuer,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: DEFAULT_CLIENT_SECRET,
        port: authPort,
      }),
      startSimulator(SIMULATOR_KEY),
      UsageEvents.start(usageTopic),
    ]);
    proxy = await startProxy({
      dir: path.join(workDir, 'proxy'),
      simulatorUrl: simulator.url,
      simulatorKey: SIMULATOR_KEY,
      authUrl: auth.url,
      kafkaBrokers: brokers,
      usageTopic,
    });
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await usage?.stop().catch(() => undefined);
    for (const service of [proxy, auth, simulator]) await service?.stop().catch(() => undefined);
    await idp?.close();
    await db?.drop().catch(() => undefined);
    await deleteTestTopics(topics);
    await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  /** A developer's machine: its own HOME and config dir, nothing shared with the host. */
  async function newHome(): Promise<{ home: string; env: Record<string, string> }> {
    const home = await mkdtemp(path.join(workDir, 'home-'));
    return { home, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') } };
  }

  /** `setup claude`, then Claude Code with the settings it wrote; returns alice's usage events. */
  async function promptThroughGateway(
    home: string,
    env: Record<string, string>,
  ): Promise<RequestCompletedV1[]> {
    const setup = await runGatehouse(['setup', 'claude', '--gateway', proxy.url], {
      env,
      cwd: home,
    }).exit;
    expect(setup).toMatchObject({ code: 0 });
    const settings = JSON.parse(
      await readFile(path.join(home, '.claude', 'settings.json'), 'utf8'),
    ) as {
      apiKeyHelper: string;
      env: Record<string, string>;
    };
    expect(settings.apiKeyHelper).toBe(`${LAUNCHER} token`);
    expect(settings.env.ANTHROPIC_BASE_URL).toBe(proxy.url);

    const before = usage.events.length;
    const run = await runClaudeCode({
      baseUrl: settings.env.ANTHROPIC_BASE_URL ?? '',
      apiKeyHelperCommand: settings.apiKeyHelper,
      prompt: 'Say hello in five words.',
      // Claude Code gets its own throwaway HOME; the helper finds this machine's credentials here.
      extraEnv: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME ?? '' },
      timeoutMs: 90_000,
    });
    if (run.json?.is_error !== false)
      throw new Error(
        `Claude Code failed (${run.exitCode}): ${run.stdout}\n${run.stderr.slice(-2_000)}`,
      );
    expect(run.exitCode).toBe(0);
    return waitFor(() => {
      const mine = usage.events.slice(before).filter((event) => event.email === ALICE.email);
      return mine.length > 0 ? mine : undefined;
    }, 20_000);
  }

  it('device flow: the printed code is approved over HTTP, and Claude Code runs a prompt as alice', async () => {
    const { home, env } = await newHome();
    const login = runGatehouse(
      ['login', '--device', '--gateway', proxy.url, '--auth-url', auth.url],
      { env },
    );
    const verification = await eventually(() => /Or open (\S+)/.exec(login.stdout())?.[1], 30_000);
    expect(verification.startsWith(`${auth.url}/device?user_code=`)).toBe(true);
    expect(await approveDeviceOverHttp(verification, auth.url)).toContain(ALICE.email);
    const result = await login.exit;
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Logged in to ${proxy.url} as ${ALICE.email}.`);

    const events = await promptThroughGateway(home, env);
    const token = await runGatehouse(['token'], { env }).exit;
    const claims = decodeJwtPayloadUnverified(token.stdout.trim());
    expect(events[0]).toMatchObject({ email: ALICE.email, userId: claims?.sub });
  }, 240_000);

  it('browser flow: loopback + PKCE in headless Chromium, then Claude Code runs a prompt as alice', async () => {
    const { home, env } = await newHome();
    const login = runGatehouse(['login', '--gateway', proxy.url, '--auth-url', auth.url], { env });
    const authorizeUrl = await eventually(
      () =>
        login
          .stdout()
          .split('\n')
          .find((line) => line.startsWith(`${auth.url}/oauth/authorize?`)),
      30_000,
    );
    const requested = new URL(authorizeUrl);
    expect(requested.searchParams.get('client_id')).toBe('gatehouse-cli');
    expect(requested.searchParams.get('code_challenge_method')).toBe('S256');
    const loopback = new URL(String(requested.searchParams.get('redirect_uri')));
    expect(loopback.hostname).toBe('127.0.0.1');

    chromium = await launchHeadlessChromium();
    const page = await chromium.context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(authorizeUrl, { waitUntil: 'domcontentloaded' });
    await page.locator('#username').fill(ALICE.email);
    await page.locator('#password').fill(ALICE.password);
    await Promise.all([
      page.waitForURL(
        (url) => url.origin === loopback.origin && url.pathname === loopback.pathname,
      ),
      page.locator('#sign-in').click(),
    ]);
    expect(await page.locator('body').innerText()).toContain('Signed in to Gatehouse');
    const result = await login.exit;
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Logged in to ${proxy.url} as ${ALICE.email}.`);
    const stored = JSON.parse(
      await readFile(path.join(home, '.config', 'gatehouse', 'credentials.json'), 'utf8'),
    ) as {
      refreshToken?: string;
    };
    expect(stored.refreshToken).toMatch(/^gh_rt_/);

    const whoami = await runGatehouse(['whoami'], { env }).exit;
    expect(whoami.stdout).toContain(`Email:         ${ALICE.email}`);
    const events = await promptThroughGateway(home, env);
    expect(events[0]).toMatchObject({ email: ALICE.email, principalType: 'user' });
  }, 240_000);
});
