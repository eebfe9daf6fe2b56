import { Command } from 'commander';
import { optionsFromEnv } from './options';
import { startMockUpstream } from './server';

// CLI: `npx nx run mock-upstream:serve` or `node -r @swc-node/register tools/mock-upstream/src/main.ts
// --port 4100`. Every other knob comes from MOCK_* variables (see README.md).
async function main(): Promise<void> {
  const program = new Command('mock-upstream')
    .description(
      'Simulated Anthropic, Bedrock and Vertex Claude endpoints for tests and benchmarks',
    )
    .option('--port <port>', 'port to listen on', (value) => Number(value))
    .option('--host <host>', 'address to bind')
    .parse();
  const flags = program.opts<{ port?: number; host?: string }>();
  const fromEnv = optionsFromEnv(process.env);
  const mock = await startMockUpstream({
    ...fromEnv,
    port: flags.port ?? fromEnv.port ?? 4100,
    host: flags.host ?? fromEnv.host ?? '127.0.0.1',
  });
  process.stdout.write(`mock-upstream listening on ${mock.url}\n`);
  const stop = (): void => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-upstream failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
