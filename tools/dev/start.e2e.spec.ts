import { createClickHouseClient, sql } from '@gatehouse/clickhouse';
import { RequestCompletedV1Definition, sampleEvents } from '@gatehouse/contracts';
import { EventProducer, KafkaClientFactory, silentKafkaLogger } from '@gatehouse/kafka';
import { freePort } from '@gatehouse/service-kit';
import { stackEnv, uniqueTopicSuffix, waitFor } from '@gatehouse/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_SERVICES } from './services';

/**
 * README command 1 end to end: `npm start`'s script brings up every service against the real
 * stack, each /readyz goes green, and a usage event published the way the proxy publishes it
 * travels through Kafka into the running audit service and lands in ClickHouse.
 */
describe('npm start (tools/start.sh)', () => {
  const repo = join(__dirname, '..', '..');
  const suffix = uniqueTopicSuffix().replace(/[^a-z0-9]/gi, '_');
  const clickhouseDatabase = `gatehouse_e2e_${suffix}`;
  const ports: Record<string, number> = {};
  let child: ChildProcess;
  let output = '';
  // Ctrl-C in a terminal signals the whole foreground process group.
  const interrupt = () => process.kill(-(child.pid as number), 'SIGINT');

  beforeAll(async () => {
    for (const service of LOCAL_SERVICES) ports[service.name] = await freePort();
    child = spawn('bash', ['tools/start.sh'], {
      cwd: repo,
      env: {
        ...process.env,
        ...Object.fromEntries(
          LOCAL_SERVICES.map((s) => [`${s.name.toUpperCase()}_PORT`, String(ports[s.name])]),
        ),
        CLICKHOUSE_DATABASE: clickhouseDatabase,
        LOG_LEVEL: 'warn',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Gatehouse is up'), 150_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- output ---\n${output}`);
    });
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      interrupt();
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const admin = createClickHouseClient({ ...stackEnv().clickhouse, database: 'default' });
    await admin.command({ query: `DROP DATABASE IF EXISTS ${clickhouseDatabase}` });
    await admin.close();
  });

  it('prints every service URL and each /readyz answers 200', async () => {
    for (const service of LOCAL_SERVICES) {
      expect(output).toContain(`http://127.0.0.1:${ports[service.name]}`);
      const response = await fetch(`http://127.0.0.1:${ports[service.name]}/readyz`);
      expect({ service: service.name, status: response.status }).toEqual({
        service: service.name,
        status: 200,
      });
    }
  });

  it('carries a usage event through Kafka into the running audit service and ClickHouse', async () => {
    const env = stackEnv();
    const kafka = new KafkaClientFactory(
      { brokers: env.kafkaBrokers, clientId: `e2e-${suffix}` },
      silentKafkaLogger,
    ).client;
    const producer = new EventProducer({ kafka, logger: silentKafkaLogger });
    await producer.connect();
    const event = sampleEvents.usageRequestCompleted({
      id: `req_e2e_${suffix}`,
      requestId: `req_e2e_${suffix}`,
    });
    await producer.publish(RequestCompletedV1Definition, event);
    await producer.disconnect();

    const clickhouse = createClickHouseClient({ ...env.clickhouse, database: clickhouseDatabase });
    try {
      const rows = await waitFor(async () => {
        const result = await clickhouse.query({
          query: sql`SELECT request_id, user_id, output_tokens FROM requests WHERE request_id = ${event.requestId}`,
          format: 'JSONEachRow',
        });
        const found = await result.json<{
          request_id: string;
          user_id: string;
          output_tokens: string;
        }>();
        return found.length > 0 ? found : undefined;
      }, 60_000);
      expect(rows).toEqual([
        {
          request_id: event.requestId,
          user_id: event.userId,
          output_tokens: String(event.usage.outputTokens),
        },
      ]);
    } finally {
      await clickhouse.close();
    }
  });

  it('stops every service cleanly on Ctrl-C', async () => {
    interrupt();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    for (const service of LOCAL_SERVICES) {
      await expect(fetch(`http://127.0.0.1:${ports[service.name]}/healthz`)).rejects.toThrow();
    }
  });
});
