import { sessionRevokedV1Schema, Topics } from '@gatehouse/contracts';
import { silentKafkaLogger } from '@gatehouse/kafka';
import { createTestKafka, uniqueTopicSuffix, waitFor } from '@gatehouse/testing';
import { randomBytes } from 'node:crypto';
import { AuthPersistence } from './auth-persistence';

/**
 * Reads a shared (compacted) topic from the beginning until a message with `key` arrives. Other
 * runs' messages are on the same topic, so counting messages cannot tell when to stop.
 */
async function findByKey(topic: string, key: string, timeoutMs: number): Promise<string> {
  const consumer = createTestKafka().consumer({
    groupId: `gatehouse-test-auth-${uniqueTopicSuffix()}`,
    maxWaitTimeInMs: 100,
  });
  let found: string | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString('utf8') === key) found = message.value?.toString('utf8') ?? '';
      },
    });
    return await waitFor(() => found, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
}

describe('AuthPersistence (real PostgreSQL and Kafka)', () => {
  const schema = `auth_it_${randomBytes(6).toString('hex')}`;
  let persistence: AuthPersistence;

  beforeAll(async () => {
    persistence = new AuthPersistence({
      databaseUrl: process.env.DATABASE_TEST_URL ?? '',
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      logger: silentKafkaLogger,
      schema,
      keyEncryptionKey: randomBytes(32).toString('base64'),
    });
    await persistence.start();
  });

  afterAll(async () => {
    await persistence.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await persistence.stop();
  });

  it('delivers a deactivation to the real session-revoked topic through the outbox', async () => {
    const { users } = persistence.directory;
    const { user } = await users.upsertFromLogin({
      orgId: 'org_it',
      issuer: 'https://idp.example.com',
      subject: `sub-${schema}`,
      email: `${schema}@example.com`,
      displayName: null,
      groups: [],
    });
    await users.deactivate(user.id, {
      actor: { type: 'scim', id: 'okta', email: null },
      source: 'scim',
    });
    await waitFor(
      async () =>
        Number(
          (
            await persistence.dataSource.query(
              'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
            )
          )[0].n,
        ) === 0,
      10_000,
    );

    const rows = await persistence.dataSource.query('SELECT count(*) AS n FROM outbox');
    expect(Number(rows[0].n)).toBe(3);
    const value = await findByKey(Topics.identitySessionRevoked, `user:${user.id}`, 20_000);
    const event = sessionRevokedV1Schema.parse(JSON.parse(value));
    expect(event).toMatchObject({ scope: 'user', userId: user.id, reason: 'user_deactivated' });
  });
});
