import { Agent, request } from 'node:http';
import { Command } from 'commander';
import { startMockUpstream } from './server';

// Quick capacity check: opens N concurrent paced SSE streams against an in-process mock on
// loopback and reports how many were open at once and whether all completed. Bounded by
// --timeout-ms; it stops by itself. Run:
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/mock-upstream/src/load-check.ts --streams 2000
interface LoadResult {
  streams: number;
  completed: number;
  failed: number;
  peakActiveStreams: number;
  elapsedMs: number;
  bytesSent: number;
}

function openStream(
  agent: Agent,
  port: number,
  outputTokens: number,
  tokensPerSecond: number,
): Promise<boolean> {
  const body = JSON.stringify({
    model: 'claude-mock',
    max_tokens: 4096,
    stream: true,
    messages: [{ role: 'user', content: 'load' }],
  });
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/messages',
        headers: {
          'x-api-key': 'k',
          'anthropic-version': '2023-06-01',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-mock-output-tokens': String(outputTokens),
          'x-mock-tokens-per-sec': String(tokensPerSecond),
        },
      },
      (res) => {
        let tail = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          tail = (tail + chunk).slice(-64);
        });
        res.on('end', () => resolve(res.statusCode === 200 && tail.includes('message_stop')));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

export async function runLoadCheck(streams: number, timeoutMs: number): Promise<LoadResult> {
  const mock = await startMockUpstream();
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const started = Date.now();
  try {
    // 60 tokens at 30 tokens/s keeps every stream open for about two seconds, long enough
    // for all of them to overlap.
    const outcomes = Promise.all(
      Array.from({ length: streams }, () => openStream(agent, mock.port, 60, 30)),
    );
    const timeout = new Promise<boolean[]>((resolve) =>
      setTimeout(() => resolve([]), timeoutMs).unref(),
    );
    const results = await Promise.race([outcomes, timeout]);
    const stats = mock.stats();
    const completed = results.filter(Boolean).length;
    return {
      streams,
      completed,
      failed: streams - completed,
      peakActiveStreams: stats.peakActiveStreams,
      elapsedMs: Date.now() - started,
      bytesSent: stats.bytesSent,
    };
  } finally {
    agent.destroy();
    await mock.close();
  }
}

if (require.main === module) {
  const flags = new Command('load-check')
    .option('--streams <n>', 'concurrent streams', (value) => Number(value), 2000)
    .option('--timeout-ms <ms>', 'give up after', (value) => Number(value), 60_000)
    .parse()
    .opts<{ streams: number; timeoutMs: number }>();
  runLoadCheck(flags.streams, flags.timeoutMs).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(result.failed === 0 ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`load check failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
