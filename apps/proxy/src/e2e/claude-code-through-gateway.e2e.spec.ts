import { TestTokenSigner } from '@gatehouse/access-token';
import type { RequestCompletedV1 } from '@gatehouse/contracts';
import {
  type ClaudeCodeRun,
  createTestKafka,
  deleteTestTopics,
  type HttpRecorder,
  kafkaBrokersForTests,
  type RecordedExchange,
  runClaudeCode,
  startHttpRecorder,
  uniqueTopicSuffix,
} from '@gatehouse/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CloudCredentials, createCloudCredentials } from './support/cloud-credentials';
import { type ConnectionDropper, startConnectionDropper } from './support/connection-dropper';
import { type DevTokenIdentity, writeDevTokenHelper } from './support/dev-token-helper';
import {
  type GatewayProcess,
  type RoutingFile,
  startGatewayProcess,
} from './support/gateway-process';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { UsageEventCollector } from './support/usage-event-collector';
import { clientUsageTotals, usageTotalsOf } from './support/usage-totals';

/*
 * Acceptance of the proxy (issue 3): the real Claude Code CLI, configured only with
 * ANTHROPIC_BASE_URL and an apiKeyHelper that prints a dev-signer token, runs through the real
 * proxy process to the simulator: over the Anthropic API, Amazon Bedrock and Google Vertex AI,
 * and with two failing primaries in front of a healthy secondary. Every /v1/messages request it
 * makes must produce exactly one usage event on real Kafka, attributed to the token's user and
 * carrying the token counts Claude Code itself reported.
 *
 * Claude Code → recorder → proxy → simulator. The recorder only copies the exchanges, so the test
 * knows how many requests Claude Code made and the gateway request id of each (the response's
 * `x-gatehouse-request-id`), which is the usage event's id.
 */

/** Claude Code 2.1.330's default model (docs/testing-with-claude-code.md); no --model is passed. */
const CLAUDE_CODE_MODEL = 'claude-opus-5-5';
const IDENTITY: DevTokenIdentity = {
  sub: 'usr_e2e_ada',
  org: 'org_e2e',
  team: 'team_e2e_platform',
  email: 'ada@example.com',
};
const ANTHROPIC_KEY = 'sk-ant-gatehouse-e2e-org-key';
const RUN_TIMEOUT_MS = 60_000;

interface Upstreams {
  readonly healthy: SimulatorProcess;
  readonly overloaded: SimulatorProcess;
  /** Accepts and drops every connection. */
  readonly dropping: ConnectionDropper;
  readonly credentials: CloudCredentials;
}

/** One way of reaching Claude: which routing file the proxy gets and what the events must say. */
interface RouteScenario {
  readonly name: string;
  readonly provider: RequestCompletedV1['provider'];
  readonly upstreamId: string;
  readonly modelServed: string;
  /**
   * The simulator's Bedrock refuses Claude Code's mid-conversation `role: "system"` message (the
   * betas that allow it are not accepted by Bedrock), as it does when Claude Code talks to Bedrock
   * directly; Vertex accepts the betas in the header. Claude Code recovers from that
   * 400 by resending the turn with the environment block in the user message, once per session,
   * so such a session starts with one refused (and accounted) request.
   */
  readonly refusesSystemMessages: boolean;
  /** The simulator's Vertex answers without a request id header; the others send one. */
  readonly sendsUpstreamRequestId: boolean;
  /** Whether every request first meets the dropping and the overloaded primary (failover). */
  readonly triesFailingPrimaries: boolean;
  routing(upstreams: Upstreams): RoutingFile;
  env(upstreams: Upstreams): Record<string, string>;
}

const anthropicEndpoint = (id: string, baseUrl: string): Record<string, unknown> => ({
  id,
  provider: 'anthropic',
  baseUrl,
  apiKeyEnv: 'E2E_ANTHROPIC_KEY',
});

const onlyRoute = (endpoint: string, upstreamModel?: string): RoutingFile['routes'] => [
  { models: [CLAUDE_CODE_MODEL], upstreams: [{ endpoint, upstreamModel }] },
];

const SCENARIOS: readonly RouteScenario[] = [
  {
    name: 'the Anthropic API',
    provider: 'anthropic',
    upstreamId: 'anthropic-main',
    modelServed: CLAUDE_CODE_MODEL,
    refusesSystemMessages: false,
    triesFailingPrimaries: false,
    sendsUpstreamRequestId: true,
    routing: ({ healthy }) => ({
      endpoints: [anthropicEndpoint('anthropic-main', healthy.url)],
      routes: onlyRoute('anthropic-main'),
    }),
    env: () => ({ E2E_ANTHROPIC_KEY: ANTHROPIC_KEY }),
  },
  {
    name: 'Amazon Bedrock',
    provider: 'bedrock',
    upstreamId: 'bedrock-us-east-1',
    modelServed: 'us.anthropic.claude-opus-5-5-v1:0',
    refusesSystemMessages: true,
    triesFailingPrimaries: false,
    sendsUpstreamRequestId: true,
    routing: ({ healthy }) => ({
      endpoints: [
        {
          id: 'bedrock-us-east-1',
          provider: 'bedrock',
          region: 'us-east-1',
          baseUrl: healthy.url,
          credentials: { accessKeyIdEnv: 'E2E_AWS_KEY_ID', secretAccessKeyEnv: 'E2E_AWS_SECRET' },
        },
      ],
      routes: onlyRoute('bedrock-us-east-1', 'us.anthropic.claude-opus-5-5-v1:0'),
    }),
    env: ({ credentials }) => ({
      E2E_AWS_KEY_ID: credentials.aws.accessKeyId,
      E2E_AWS_SECRET: credentials.aws.secretAccessKey,
    }),
  },
  {
    name: 'Google Vertex AI',
    provider: 'vertex',
    upstreamId: 'vertex-us-east5',
    modelServed: 'claude-opus-5-5@20260101',
    refusesSystemMessages: false,
    triesFailingPrimaries: false,
    sendsUpstreamRequestId: false,
    routing: ({ healthy }) => ({
      endpoints: [
        {
          id: 'vertex-us-east5',
          provider: 'vertex',
          projectId: 'gatehouse-e2e',
          region: 'us-east5',
          baseUrl: healthy.url,
          serviceAccountJsonEnv: 'E2E_VERTEX_SERVICE_ACCOUNT',
        },
      ],
      routes: onlyRoute('vertex-us-east5', 'claude-opus-5-5@20260101'),
    }),
    env: ({ credentials, healthy }) => ({
      E2E_VERTEX_SERVICE_ACCOUNT: credentials.vertexServiceAccountJson(`${healthy.url}/token`),
    }),
  },
  {
    name: 'a healthy secondary behind a dropping and an overloaded primary',
    provider: 'anthropic',
    upstreamId: 'anthropic-secondary',
    modelServed: CLAUDE_CODE_MODEL,
    refusesSystemMessages: false,
    triesFailingPrimaries: true,
    sendsUpstreamRequestId: true,
    routing: ({ healthy, overloaded, dropping }) => ({
      endpoints: [
        anthropicEndpoint('anthropic-dropping', dropping.url),
        anthropicEndpoint('anthropic-overloaded', overloaded.url),
        anthropicEndpoint('anthropic-secondary', healthy.url),
      ],
      routes: [
        {
          models: [CLAUDE_CODE_MODEL],
          upstreams: [
            { endpoint: 'anthropic-dropping' },
            { endpoint: 'anthropic-overloaded' },
            { endpoint: 'anthropic-secondary' },
          ],
        },
      ],
    }),
    // The breaker stays closed for the few requests here, so every request tries both primaries.
    env: () => ({ E2E_ANTHROPIC_KEY: ANTHROPIC_KEY, UPSTREAM_RETRY_AFTER_MAX_WAIT_MS: '0' }),
  },
];

const isMessagesCall = (exchange: RecordedExchange): boolean =>
  exchange.method === 'POST' && exchange.url.split('?')[0] === '/v1/messages';

const gatewayRequestId = (exchange: RecordedExchange): string =>
  String(exchange.responseHeaders['x-gatehouse-request-id'] ?? '');

describe('real Claude Code through the gateway', () => {
  let dir: string;
  let signerDir: string;
  let apiKeyHelperCommand: string;
  let upstreams: Upstreams;
  let usageTopic: string;
  let collector: UsageEventCollector;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-proxy-e2e-'));
    signerDir = path.join(dir, 'signer');
    await TestTokenSigner.loadOrCreate(signerDir);
    apiKeyHelperCommand = await writeDevTokenHelper({ dir, signerDir, identity: IDENTITY });
    const credentials = await createCloudCredentials();
    // Fast pacing keeps a Claude Code run near one second while replies still stream in deltas.
    const common = { MOCK_API_KEY: ANTHROPIC_KEY, MOCK_TOKENS_PER_SEC: '5000' };
    const [healthy, overloaded, dropping] = await Promise.all([
      startSimulatorProcess({
        ...common,
        MOCK_AWS_ACCESS_KEY_ID: credentials.aws.accessKeyId,
        MOCK_AWS_SECRET_ACCESS_KEY: credentials.aws.secretAccessKey,
        MOCK_VERTEX_PUBLIC_KEY: credentials.vertexPublicKeyPem,
      }),
      startSimulatorProcess({ ...common, MOCK_FAULT: '529' }),
      startConnectionDropper(),
    ]);
    upstreams = { healthy, overloaded, dropping, credentials };
    usageTopic = `gatehouse.usage.request-completed.v1.e2e-${uniqueTopicSuffix()}`;
    collector = await UsageEventCollector.start(
      createTestKafka(),
      usageTopic,
      `gatehouse-e2e-${uniqueTopicSuffix()}`,
    );
  }, 60_000);

  afterAll(async () => {
    await collector?.stop();
    if (usageTopic) await deleteTestTopics([usageTopic]);
    await upstreams?.healthy.stop();
    await upstreams?.overloaded.stop();
    await upstreams?.dropping.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(collector.invalidMessages()).toEqual([]);
  });

  describe.each(SCENARIOS)('to $name', (scenario) => {
    let gateway: GatewayProcess;
    let recorder: HttpRecorder;
    let workDir: string;

    beforeAll(async () => {
      gateway = await startGatewayProcess({
        dir: path.join(dir, `proxy-${scenario.upstreamId}`),
        routing: scenario.routing(upstreams),
        kafkaBrokers: kafkaBrokersForTests(),
        usageTopic,
        jwksFile: path.join(signerDir, 'jwks.json'),
        env: scenario.env(upstreams),
      });
      recorder = await startHttpRecorder({ target: gateway.url });
    }, 60_000);

    afterAll(async () => {
      await recorder?.close();
      await gateway?.stop();
    });

    beforeEach(async () => {
      recorder.clear();
      await upstreams.healthy.reset();
      await upstreams.overloaded.reset();
      upstreams.dropping.reset();
      workDir = await mkdtemp(path.join(dir, 'work-'));
    });

    const run = (prompt: string, allowedTools?: string[]): Promise<ClaudeCodeRun> =>
      runClaudeCode({
        baseUrl: recorder.url,
        apiKeyHelperCommand,
        prompt,
        cwd: workDir,
        allowedTools,
        timeoutMs: RUN_TIMEOUT_MS,
      });

    /**
     * The account every scenario ends with: Claude Code made one request per model turn (plus
     * the refused first one where the upstream refuses system messages), each has exactly one
     * valid usage event with the caller's identity, this route's upstream and the status the
     * client saw, and the events' tokens add up to what Claude Code reported.
     */
    async function expectAccounted(
      result: ClaudeCodeRun,
      modelTurns: number,
    ): Promise<RequestCompletedV1[]> {
      const calls = recorder.exchanges().filter(isMessagesCall);
      const refused = scenario.refusesSystemMessages ? [400] : [];
      expect(calls.map((call) => call.status)).toEqual([
        ...refused,
        ...Array<number>(modelTurns).fill(200),
      ]);
      const ids = calls.map(gatewayRequestId);
      expect(ids.every((id) => id !== '')).toBe(true);

      const events = await collector.waitForRequests(ids);
      expect(events.map((event) => event.requestId).sort()).toEqual([...ids].sort());
      const sessionId = result.json?.session_id ?? '';
      expect(collector.eventsForSession(sessionId)).toHaveLength(ids.length);
      const inCallOrder = ids.map(
        (id) => events.find((event) => event.requestId === id) as RequestCompletedV1,
      );
      inCallOrder.forEach((event, index) => {
        const status = calls[index].status;
        expect(event).toMatchObject({
          principalType: 'user',
          userId: IDENTITY.sub,
          orgId: IDENTITY.org,
          teamId: IDENTITY.team,
          email: IDENTITY.email,
          roles: ['developer'],
          modelRequested: CLAUDE_CODE_MODEL,
          modelServed: scenario.modelServed,
          provider: scenario.provider,
          upstreamId: scenario.upstreamId,
          stream: true,
          httpStatus: status,
          errorType: status === 200 ? null : 'invalid_request_error',
          clientAborted: false,
          claudeCodeSessionId: sessionId,
          userAgent: expect.stringMatching(/^claude-cli\//),
        });
      });
      for (const event of inCallOrder.filter((served) => served.httpStatus === 200)) {
        expect(event.upstreamRequestId).toEqual(
          scenario.sendsUpstreamRequestId ? expect.any(String) : null,
        );
        expect(event.ttftMs).toEqual(expect.any(Number));
      }
      expect(usageTotalsOf(events)).toEqual(clientUsageTotals(result.json?.usage));
      expect(usageTotalsOf(events).output_tokens).toBeGreaterThan(0);
      const overloadedCalls =
        (await upstreams.overloaded.stats()).requestsByRoute['anthropic.messages'] ?? 0;
      const failedAttempts = scenario.triesFailingPrimaries ? calls.length : 0;
      expect({ dropped: upstreams.dropping.connections(), overloaded: overloadedCalls }).toEqual({
        dropped: failedAttempts,
        overloaded: failedAttempts,
      });
      return inCallOrder.filter((event) => event.httpStatus === 200);
    }

    it('completes a plain prompt and accounts its request', async () => {
      const result = await run('Say hello to the gateway');

      expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
        exitCode: 0,
        stderr: '',
      });
      expect(result.json).toMatchObject({
        subtype: 'success',
        is_error: false,
        num_turns: 1,
        result: 'Mock reply to: Say hello to the gateway',
      });
      const served = await expectAccounted(result, 1);
      expect(served.map((event) => event.stopReason)).toEqual(['end_turn']);
    });

    it('runs a Write tool call and accounts both model turns', async () => {
      const file = path.join(workDir, 'hello.txt');
      const input = JSON.stringify({
        file_path: file,
        content: `written via ${scenario.upstreamId}`,
      });
      const result = await run(`Create the file. MOCK_TOOL:Write:${input}`, ['Write']);

      expect(result.exitCode).toBe(0);
      expect(result.json).toMatchObject({ is_error: false, num_turns: 2, permission_denials: [] });
      expect(result.json?.result).toMatch(/^Done\. Tool result: File created successfully/);
      await expect(readFile(file, 'utf8')).resolves.toBe(`written via ${scenario.upstreamId}`);
      const served = await expectAccounted(result, 2);
      expect(served.map((event) => event.stopReason)).toEqual(['tool_use', 'end_turn']);
    });
  });
});
