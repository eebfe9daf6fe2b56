import { uniqueTopicSuffix } from '@gatehouse/testing';
import { StackDataProbe } from './test-support/stack-data-probe';
import { TempStack } from './test-support/temp-stack';

/**
 * Foundation acceptance: stopping and restarting the stack keeps data; `stack.sh reset` wipes
 * it. Runs a second stack in a temporary GATEHOUSE_STACK_DIR on free ports with a private
 * PostgreSQL cluster, so stopping and wiping it never touches the shared stack other tests use.
 * The steps build on each other and run in order.
 */
describe('tools/stack/stack.sh lifecycle (start, stop, status, reset) on a private stack', () => {
  const probe = new StackDataProbe(`stack-lifecycle-${uniqueTopicSuffix()}`);
  let stack: TempStack | undefined;

  const current = (): TempStack => {
    if (stack === undefined) throw new Error('the temporary stack was not created');
    return stack;
  };

  beforeAll(async () => {
    stack = await TempStack.create();
  });

  afterAll(async () => {
    const stopped = await stack?.dispose();
    if (stopped !== undefined && stopped.code !== 0) {
      process.stderr.write(
        `stack.sh stop during cleanup exited ${String(stopped.code)}:\n${stopped.output}\n`,
      );
    }
  });

  it('start brings up every component on the configured ports and writes stack.env', async () => {
    const { ports } = current();
    await current().runOk('start');
    expect(current().rawEnv()).toMatchObject({
      KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${ports.postgres}/gatehouse`,
      GATEHOUSE_PG_MODE: 'private',
      CLICKHOUSE_URL: `http://127.0.0.1:${ports.clickhouseHttp}`,
      CLICKHOUSE_DATABASE: 'gatehouse',
    });
    await probe.write(current().env());
    expect(await probe.read(current().env())).toEqual({
      kafka: [probe.marker],
      clickhouse: [probe.marker],
      postgres: [probe.marker],
    });
  });

  it('status exits 0 while up and non-zero once stopped', async () => {
    const up = await current().run('status');
    expect({ code: up.code, output: up.output }).toEqual({
      code: 0,
      output: expect.not.stringContaining('down'),
    });

    await current().runOk('stop');
    expect(current().livePids()).toEqual([]);
    const down = await current().run('status');
    expect(down.code).not.toBe(0);
    expect(down.output).toMatch(/kafka\s+down/);
    expect(down.output).toMatch(/postgres\s+down/);
    expect(down.output).toMatch(/clickhouse\s+down/);
  });

  it('start after stop finds the Kafka message, the ClickHouse row and the PostgreSQL row again', async () => {
    await current().runOk('start');
    expect(await probe.read(current().env())).toEqual({
      kafka: [probe.marker],
      clickhouse: [probe.marker],
      postgres: [probe.marker],
    });
  });

  it('reset wipes all three; the next start comes up empty', async () => {
    const { ports } = current();
    // reset drops the stack's databases on whatever server the last start recorded; it must be
    // this stack's private cluster, never the machine's shared server.
    expect(current().rawEnv()).toMatchObject({
      GATEHOUSE_PG_MODE: 'private',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${ports.postgres}/gatehouse`,
    });
    expect(current().postgresServerRecord()).toEqual({
      mode: 'private',
      server: `postgres://postgres@127.0.0.1:${ports.postgres}`,
    });

    await current().runOk('reset');
    expect(current().livePids()).toEqual([]);
    expect(current().rawEnv()).toEqual({});

    await current().runOk('start');
    expect(current().rawEnv()).toMatchObject({ GATEHOUSE_PG_MODE: 'private' });
    expect(await probe.read(current().env())).toEqual({ kafka: [], clickhouse: [], postgres: [] });
  });
});
