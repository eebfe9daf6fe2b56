import { createClickHouseClient, sql } from '@gatehouse/clickhouse';
import { collectMessages, type StackEnv } from '@gatehouse/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/** What one read of the probe found in each store; an empty list means the item is gone. */
export interface StackDataSnapshot {
  kafka: string[];
  clickhouse: string[];
  postgres: string[];
}

const TOPIC = 'gatehouse.test.stack-lifecycle.v1';
const TABLE = 'stack_lifecycle_probe';

/**
 * One recognisable item in each store of a stack — a Kafka topic with one message, a ClickHouse
 * table with one row, a PostgreSQL table with one row — written once and read back after a
 * restart or a reset, to show what the stack keeps.
 */
export class StackDataProbe {
  constructor(readonly marker: string) {}

  async write(env: StackEnv): Promise<void> {
    await this.writeKafka(env);
    await this.writeClickHouse(env);
    await this.writePostgres(env);
  }

  async read(env: StackEnv): Promise<StackDataSnapshot> {
    return {
      kafka: await this.readKafka(env),
      clickhouse: await this.readClickHouse(env),
      postgres: await this.readPostgres(env),
    };
  }

  private async writeKafka(env: StackEnv): Promise<void> {
    const kafka = kafkaFor(env);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }],
        waitForLeaders: true,
      });
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [{ key: 'probe', value: this.marker }],
      });
    } finally {
      await producer.disconnect();
    }
  }

  private async readKafka(env: StackEnv): Promise<string[]> {
    const kafka = kafkaFor(env);
    const admin = kafka.admin();
    await admin.connect();
    let topics: string[];
    try {
      topics = await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
    if (!topics.includes(TOPIC)) return [];
    const messages = await collectMessages(TOPIC, { count: 1, timeoutMs: 30_000, kafka });
    return messages.map((message) => message.value ?? '');
  }

  private async writeClickHouse(env: StackEnv): Promise<void> {
    const client = clickhouseFor(env);
    try {
      await client.command({
        query: `CREATE TABLE ${TABLE} (note String) ENGINE = MergeTree ORDER BY note`,
      });
      await client.insert({ table: TABLE, values: [{ note: this.marker }], format: 'JSONEachRow' });
    } finally {
      await client.close();
    }
  }

  private async readClickHouse(env: StackEnv): Promise<string[]> {
    const client = clickhouseFor(env);
    try {
      const exists = await client.query({
        query: sql`SELECT count() AS n FROM system.tables WHERE database = ${env.clickhouse.database} AND name = ${TABLE}`,
        format: 'JSONEachRow',
      });
      const [row] = await exists.json<{ n: string }>();
      if (row?.n !== '1') return [];
      const notes = await client.query({
        query: `SELECT note FROM ${TABLE}`,
        format: 'JSONEachRow',
      });
      return (await notes.json<{ note: string }>()).map((note) => note.note);
    } finally {
      await client.close();
    }
  }

  private async writePostgres(env: StackEnv): Promise<void> {
    await withPostgres(env, async (client) => {
      await client.query(`CREATE TABLE ${TABLE} (note text NOT NULL)`);
      await client.query(`INSERT INTO ${TABLE} (note) VALUES ($1)`, [this.marker]);
    });
  }

  private async readPostgres(env: StackEnv): Promise<string[]> {
    return withPostgres(env, async (client) => {
      const found = await client.query<{ present: boolean }>(
        `SELECT to_regclass('public.${TABLE}') IS NOT NULL AS present`,
      );
      if (found.rows[0]?.present !== true) return [];
      const notes = await client.query<{ note: string }>(`SELECT note FROM ${TABLE}`);
      return notes.rows.map((row) => row.note);
    });
  }
}

function kafkaFor(env: StackEnv): Kafka {
  return new Kafka({
    clientId: 'gatehouse-stack-lifecycle-e2e',
    brokers: env.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

function clickhouseFor(env: StackEnv) {
  return createClickHouseClient({ ...env.clickhouse, requestTimeoutMs: 10_000 });
}

async function withPostgres<T>(env: StackEnv, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
