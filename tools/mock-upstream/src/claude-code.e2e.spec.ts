import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ClaudeCodeRun,
  type HttpRecorder,
  type RecordedExchange,
  runClaudeCode,
  startHttpRecorder,
} from '@gatehouse/testing';
import { type MockUpstream, startMockUpstream } from './server';
import { parseSse } from './sse';

// Real Claude Code (the npm package's native binary) against the in-process simulator, with a
// recorder in between so the test sees every request. Once the proxy exists, the same runs go
// through it by pointing the recorder (or baseUrl) at the proxy instead of the simulator.
const API_KEY = 'sk-ant-gatehouse-e2e';
const RUN_TIMEOUT_MS = 60_000;

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

const USAGE_FIELDS: ReadonlyArray<keyof Usage> = [
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
];

const isMessagesCall = (exchange: RecordedExchange): boolean =>
  exchange.method === 'POST' && exchange.url.split('?')[0] === '/v1/messages';

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/** Final usage of one streamed response: message_delta's counts supersede message_start's. */
function reportedUsage(exchange: RecordedExchange): Usage {
  const usage: Usage = {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  for (const event of parseSse(exchange.responseBody)) {
    const counts =
      event.type === 'message_start'
        ? asRecord(asRecord(event.message).usage)
        : event.type === 'message_delta'
          ? asRecord(event.usage)
          : {};
    for (const field of USAGE_FIELDS) {
      const value = counts[field];
      if (typeof value === 'number') usage[field] = value;
    }
  }
  return usage;
}

function summedUsage(exchanges: readonly RecordedExchange[]): Usage {
  const total: Usage = {
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  for (const exchange of exchanges.filter(isMessagesCall)) {
    const usage = reportedUsage(exchange);
    for (const field of USAGE_FIELDS) total[field] += usage[field];
  }
  return total;
}

function pickUsage(run: ClaudeCodeRun): Usage | undefined {
  const usage = run.json?.usage;
  if (!usage) return undefined;
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
  };
}

describe('real Claude Code against the simulator', () => {
  let mock: MockUpstream;
  let recorder: HttpRecorder;
  let workDir: string;

  beforeAll(async () => {
    // Fast pacing keeps each run to about a second while still streaming in several deltas.
    mock = await startMockUpstream({ anthropicApiKey: API_KEY, timing: { tokensPerSecond: 5000 } });
    recorder = await startHttpRecorder({ target: mock.url });
  });
  afterAll(async () => {
    await recorder.close();
    await mock.close();
  });
  beforeEach(async () => {
    mock.reset();
    recorder.clear();
    workDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-cc-work-'));
  });
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  const run = (prompt: string, allowedTools?: string[]): Promise<ClaudeCodeRun> =>
    runClaudeCode({
      baseUrl: recorder.url,
      // The simulator only accepts API_KEY, so a pass proves the helper's key was used.
      apiKeyHelperCommand: `echo ${API_KEY}`,
      prompt,
      cwd: workDir,
      allowedTools,
      timeoutMs: RUN_TIMEOUT_MS,
    });

  it('completes a plain prompt with the simulator reply and its token counts', async () => {
    const result = await run('Say hello to the gateway');

    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 0,
      stderr: '',
    });
    expect(result.json).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: false,
      num_turns: 1,
      result: 'Mock reply to: Say hello to the gateway',
    });
    const exchanges = recorder.exchanges();
    expect(exchanges.map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      'POST /v1/messages?beta=true 200',
    ]);
    expect(mock.stats().requestsByRoute).toEqual({ 'anthropic.messages': 1 });
    expect(pickUsage(result)).toEqual(summedUsage(exchanges));
    expect(summedUsage(exchanges).output_tokens).toBeGreaterThan(0);
  });

  it('sends the headers a gateway needs to authenticate and attribute the request', async () => {
    const result = await run('Which headers do you send?');

    const [exchange] = recorder.exchanges();
    expect(exchange.requestHeaders).toMatchObject({
      'x-api-key': API_KEY,
      authorization: `Bearer ${API_KEY}`,
      'anthropic-version': '2023-06-01',
      'x-app': 'cli',
      'x-claude-code-session-id': result.json?.session_id,
      'user-agent': expect.stringMatching(/^claude-cli\/\d+\.\d+\.\d+ /),
    });
    const betas = String(exchange.requestHeaders['anthropic-beta']).split(',');
    expect(betas).toContain('claude-code-20250219');
    const body = JSON.parse(exchange.requestBody) as {
      stream?: boolean;
      metadata?: { user_id?: string };
    };
    expect(body.stream).toBe(true);
    expect(JSON.parse(body.metadata?.user_id ?? '{}')).toMatchObject({
      session_id: result.json?.session_id,
    });
  });

  it('runs a Write tool call, then answers after the tool result', async () => {
    const file = path.join(workDir, 'hello.txt');
    const input = JSON.stringify({ file_path: file, content: 'hello from the simulator' });
    const result = await run(`Create the file. MOCK_TOOL:Write:${input}`, ['Write']);

    expect(result.json).toMatchObject({ is_error: false, permission_denials: [] });
    expect(result.json?.num_turns).toBeGreaterThanOrEqual(2);
    expect(result.json?.result).toMatch(/^Done\. Tool result: File created successfully/);
    await expect(readFile(file, 'utf8')).resolves.toBe('hello from the simulator');

    const calls = recorder.exchanges().filter(isMessagesCall);
    expect(calls.map((call) => call.status)).toEqual([200, 200]);
    const toolUse = parseSse(calls[0].responseBody).find(
      (event) =>
        event.type === 'content_block_start' && asRecord(event.content_block).type === 'tool_use',
    );
    expect(toolUse).toBeDefined();
    const secondBody = JSON.parse(calls[1].requestBody) as {
      messages: Array<{ role: string; content: unknown }>;
    };
    const lastMessage = secondBody.messages[secondBody.messages.length - 1];
    expect(JSON.stringify(lastMessage.content)).toContain('"type":"tool_result"');
    expect(pickUsage(result)).toEqual(summedUsage(calls));
  });

  it('runs a Bash tool call and reports its output back to the model', async () => {
    const input = JSON.stringify({ command: 'echo hello-from-bash', description: 'Say hello' });
    const result = await run(`Run it. MOCK_TOOL:Bash:${input}`, ['Bash(echo:*)']);

    expect(result.json).toMatchObject({
      is_error: false,
      num_turns: 2,
      result: 'Done. Tool result: hello-from-bash',
    });
    expect(mock.stats().requestsByRoute).toEqual({ 'anthropic.messages': 2 });
    expect(pickUsage(result)).toEqual(summedUsage(recorder.exchanges()));
  });
});
