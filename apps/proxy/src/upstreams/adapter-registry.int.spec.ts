import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { parseSseTranscript, UsageTap } from '@gatehouse/anthropic';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { request } from 'undici';
import { buildAdapters } from './adapter-registry';
import type { UpstreamAdapter, UpstreamCall } from './upstream-adapter';

/**
 * Drives the three adapters, built from configuration, against tools/mock-upstream run as its
 * own process on loopback (as the proxy meets it in e2e runs): the mock verifies the SigV4
 * signature and the service-account JWT, and answers in each provider's own wire format.
 */

const REPO = path.resolve(__dirname, '../../../..');
const AWS = { accessKeyId: 'AKIAINTTEST', secretAccessKey: 'int-secret-key' };
const ANTHROPIC_KEY = 'sk-ant-int';
const BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const VERTEX_MODEL = 'claude-sonnet-4-5@20250929';

interface Mock {
  readonly url: string;
  readonly child: ChildProcess;
}

function startMock(env: Record<string, string>): Promise<Mock> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'tools/mock-upstream/src/main.ts', '--port', '0'],
    {
      cwd: REPO,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`mock did not start: ${output}`)), 30_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`mock exited with ${code}: ${output}`)));
  });
}

function stopMock(mock: Mock | undefined): Promise<void> {
  if (!mock || mock.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    mock.child.once('exit', () => resolve());
    mock.child.kill('SIGTERM');
  });
}

function messagesCall(
  model: string,
  stream: boolean,
  extra: Record<string, unknown> = {},
): UpstreamCall {
  const body = {
    model,
    max_tokens: 200,
    stream,
    tags: { project: 'apollo' },
    messages: [{ role: 'user', content: 'Hello from the gateway' }],
    ...extra,
  };
  return {
    operation: 'messages',
    stream,
    upstreamModel: model,
    rawBody: Buffer.from(JSON.stringify(body)),
    body,
    headers: {
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'claude-code-20250219,request-tags-2026-08-21,mcp-servers-2025-12-04',
      'content-type': 'application/json',
      'user-agent': 'claude-cli/2.1.328 (external, cli)',
    },
  };
}

function countCall(model: string): UpstreamCall {
  const body = { model, messages: [{ role: 'user', content: 'Count me please' }], tools: [] };
  return {
    ...messagesCall(model, false),
    operation: 'count_tokens',
    body,
    rawBody: Buffer.from(JSON.stringify(body)),
  };
}

interface Sent {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Bytes the client would get: transcoded SSE, translated JSON or the translated error. */
  readonly clientBody: Buffer;
  /** Bytes exactly as the upstream sent them. */
  readonly rawBody: Buffer;
}

/** What the proxy's request path does with an adapter, reduced to one call. */
async function send(adapter: UpstreamAdapter, call: UpstreamCall, fault?: string): Promise<Sent> {
  const built = await adapter.buildRequest(call);
  const headers = fault ? { ...built.headers, 'x-mock-fault': fault } : built.headers;
  const response = await request(`${adapter.endpoint.baseUrl}${built.path}`, {
    method: 'POST',
    headers,
    body: built.body,
  });
  const raw: Buffer[] = [];
  const out: Buffer[] = [];
  const transcoder = response.statusCode < 400 ? adapter.createStreamTranscoder(call) : null;
  for await (const chunk of response.body) {
    const bytes = chunk as Buffer;
    raw.push(bytes);
    out.push(transcoder ? Buffer.from(transcoder.push(bytes)) : bytes);
  }
  if (transcoder) out.push(Buffer.from(transcoder.end()));
  const rawBody = Buffer.concat(raw);
  if (response.statusCode >= 400) {
    const error = adapter.translateError(call, {
      status: response.statusCode,
      headers: response.headers,
      body: rawBody,
    });
    return { status: error.status, headers: error.headers, clientBody: error.body, rawBody };
  }
  const translated = call.stream ? null : adapter.translateJsonResponse(call, rawBody);
  return {
    status: response.statusCode,
    headers: response.headers,
    clientBody: translated ?? Buffer.concat(out),
    rawBody,
  };
}

function tap(sse: Buffer): ReturnType<UsageTap['finish']> {
  const usageTap = new UsageTap();
  usageTap.push(sse);
  return usageTap.finish();
}

const errorOf = (sent: Sent): { type: string; message: string } =>
  (JSON.parse(sent.clientBody.toString('utf8')) as { error: { type: string; message: string } })
    .error;

describe('upstream adapters against the mock upstream', () => {
  let mock: Mock | undefined;
  let adapters: Map<string, UpstreamAdapter>;
  const adapter = (id: string): UpstreamAdapter => {
    const found = adapters.get(id);
    if (!found) throw new Error(`no adapter ${id}`);
    return found;
  };

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256', { extractable: true });
    mock = await startMock({
      MOCK_API_KEY: ANTHROPIC_KEY,
      MOCK_AWS_ACCESS_KEY_ID: AWS.accessKeyId,
      MOCK_AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey,
      MOCK_VERTEX_PUBLIC_KEY: await exportSPKI(keys.publicKey),
    });
    const serviceAccount = JSON.stringify({
      type: 'service_account',
      client_email: 'gatehouse@mock-project.iam.gserviceaccount.com',
      private_key: await exportPKCS8(keys.privateKey),
      token_uri: `${mock.url}/token`,
    });
    adapters = buildAdapters(
      {
        endpoints: [
          {
            id: 'anthropic',
            provider: 'anthropic',
            baseUrl: mock.url,
            apiKeyEnv: 'INT_ANTHROPIC_KEY',
          },
          {
            id: 'bedrock',
            provider: 'bedrock',
            region: 'us-east-1',
            baseUrl: mock.url,
            credentials: { accessKeyIdEnv: 'INT_AWS_KEY_ID', secretAccessKeyEnv: 'INT_AWS_SECRET' },
          },
          {
            id: 'bedrock-wrong-secret',
            provider: 'bedrock',
            region: 'us-east-1',
            baseUrl: mock.url,
            credentials: {
              accessKeyIdEnv: 'INT_AWS_KEY_ID',
              secretAccessKeyEnv: 'INT_WRONG_SECRET',
            },
          },
          {
            id: 'vertex',
            provider: 'vertex',
            projectId: 'mock-project',
            region: 'us-east5',
            baseUrl: mock.url,
            serviceAccountJsonEnv: 'INT_VERTEX_SA',
          },
        ],
      },
      {
        INT_ANTHROPIC_KEY: ANTHROPIC_KEY,
        INT_AWS_KEY_ID: AWS.accessKeyId,
        INT_AWS_SECRET: AWS.secretAccessKey,
        INT_WRONG_SECRET: 'not-the-secret',
        INT_VERTEX_SA: serviceAccount,
      },
    );
  }, 60_000);

  afterAll(() => stopMock(mock));

  describe('Anthropic', () => {
    it('streams SSE through with the usage the mock reports', async () => {
      const sent = await send(
        adapter('anthropic'),
        messagesCall('claude-sonnet-4-5-20250929', true),
      );
      expect(sent.status).toBe(200);
      expect(sent.clientBody.equals(sent.rawBody)).toBe(true);
      const summary = tap(sent.clientBody);
      expect(summary.completed).toBe(true);
      expect(summary.usage.outputTokens).toBeGreaterThan(0);
      expect(summary.usage.inputTokens).toBeGreaterThan(0);
    });

    it('passes a 529 through unmodified', async () => {
      const sent = await send(
        adapter('anthropic'),
        messagesCall('claude-sonnet-4-5-20250929', false),
        '529',
      );
      expect(sent.status).toBe(529);
      expect(sent.clientBody.equals(sent.rawBody)).toBe(true);
      expect(errorOf(sent).type).toBe('overloaded_error');
    });
  });

  describe('Bedrock', () => {
    it('invokes without streaming; the mock verifies the signature', async () => {
      const sent = await send(adapter('bedrock'), messagesCall(BEDROCK_MODEL, false));
      expect(sent.status).toBe(200);
      const message = JSON.parse(sent.clientBody.toString()) as {
        usage: { output_tokens: number };
      };
      expect(message.usage.output_tokens).toBe(
        Number(sent.headers['x-amzn-bedrock-output-token-count']),
      );
    });

    it('transcodes the event stream into SSE with the usage Bedrock reports', async () => {
      const sent = await send(adapter('bedrock'), messagesCall(BEDROCK_MODEL, true));
      expect(sent.status).toBe(200);
      const events = parseSseTranscript(sent.clientBody);
      expect(events[0].event).toBe('message_start');
      expect(events.at(-1)?.event).toBe('message_stop');
      expect(sent.clientBody.toString()).not.toContain('amazon-bedrock-invocationMetrics');

      const codec = new EventStreamCodec(toUtf8, fromUtf8);
      const lastLength = findLastMessage(sent.rawBody);
      const last = codec.decode(sent.rawBody.subarray(lastLength));
      const envelope = JSON.parse(toUtf8(last.body)) as { bytes: string };
      const stop = JSON.parse(Buffer.from(envelope.bytes, 'base64').toString()) as {
        'amazon-bedrock-invocationMetrics': { inputTokenCount: number; outputTokenCount: number };
      };
      const metrics = stop['amazon-bedrock-invocationMetrics'];
      const summary = tap(sent.clientBody);
      expect(summary.completed).toBe(true);
      expect(summary.usage.inputTokens).toBe(metrics.inputTokenCount);
      expect(summary.usage.outputTokens).toBe(metrics.outputTokenCount);
    });

    it('counts tokens through CountTokens and answers in the Anthropic shape', async () => {
      const sent = await send(adapter('bedrock'), countCall(BEDROCK_MODEL));
      expect(sent.status).toBe(200);
      expect(JSON.parse(sent.clientBody.toString())).toEqual({ input_tokens: expect.any(Number) });
    });

    it('translates throttling, the too-long 400 and a refused signature', async () => {
      const throttled = await send(adapter('bedrock'), messagesCall(BEDROCK_MODEL, false), '429');
      expect(throttled.status).toBe(429);
      expect(errorOf(throttled).type).toBe('rate_limit_error');
      const tooLong = await send(adapter('bedrock'), messagesCall(BEDROCK_MODEL, false), '400');
      expect(errorOf(tooLong)).toEqual({
        type: 'invalid_request_error',
        message: 'Input is too long.',
      });
      const forged = await send(
        adapter('bedrock-wrong-secret'),
        messagesCall(BEDROCK_MODEL, false),
      );
      expect(forged.rawBody.toString()).toContain('signature we calculated does not match');
      expect(forged.status).toBe(502);
      expect(errorOf(forged).type).toBe('api_error');
    });

    it('turns a mid-stream exception into an SSE error event', async () => {
      const sent = await send(
        adapter('bedrock'),
        messagesCall(BEDROCK_MODEL, true),
        'error-mid-stream:2',
      );
      const events = parseSseTranscript(sent.clientBody);
      expect(events.at(-1)?.event).toBe('error');
      expect(tap(sent.clientBody).errorType).toBe('overloaded_error');
    });
  });

  describe('Vertex', () => {
    it('answers rawPredict with a token from the service-account exchange', async () => {
      const sent = await send(adapter('vertex'), messagesCall(VERTEX_MODEL, false));
      expect(sent.status).toBe(200);
      expect(JSON.parse(sent.clientBody.toString())).toMatchObject({
        type: 'message',
        content: [{ type: 'text', text: expect.stringContaining('Hello from the gateway') }],
      });
    });

    it('passes streamRawPredict SSE through with its usage', async () => {
      const sent = await send(adapter('vertex'), messagesCall(VERTEX_MODEL, true));
      expect(sent.status).toBe(200);
      expect(sent.clientBody.equals(sent.rawBody)).toBe(true);
      const summary = tap(sent.clientBody);
      expect(summary.completed).toBe(true);
      const delta = parseSseTranscript(sent.rawBody).find(
        (event) => event.event === 'message_delta',
      );
      const reported = JSON.parse(delta?.data ?? '{}') as { usage: { output_tokens: number } };
      expect(summary.usage.outputTokens).toBe(reported.usage.output_tokens);
    });

    it('counts tokens on count-tokens:rawPredict', async () => {
      const sent = await send(adapter('vertex'), countCall(VERTEX_MODEL));
      expect(sent.status).toBe(200);
      expect(JSON.parse(sent.clientBody.toString())).toEqual({ input_tokens: expect.any(Number) });
    });

    it('translates quota, size and prompt-too-long errors', async () => {
      const quota = await send(adapter('vertex'), messagesCall(VERTEX_MODEL, false), '429');
      expect(quota.status).toBe(429);
      expect(errorOf(quota).type).toBe('rate_limit_error');
      expect(quota.clientBody.toString()).not.toContain('aiplatform');
      const size = await send(adapter('vertex'), messagesCall(VERTEX_MODEL, false), '413');
      expect(errorOf(size)).toEqual({
        type: 'invalid_request_error',
        message: 'Input is too long.',
      });
      const prompt = await send(adapter('vertex'), messagesCall(VERTEX_MODEL, false), '400');
      expect(errorOf(prompt).message).toMatch(/^prompt is too long: /);
    });
  });
});

/** Offset of the last event-stream message in a complete body. */
function findLastMessage(body: Buffer): number {
  let offset = 0;
  let last = 0;
  while (offset < body.length) {
    last = offset;
    offset += body.readUInt32BE(offset);
  }
  return last;
}
