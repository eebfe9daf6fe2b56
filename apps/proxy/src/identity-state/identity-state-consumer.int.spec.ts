import { sampleEvents, SessionRevokedV1Definition } from '@gatehouse/contracts';
import { EventProducer, silentKafkaLogger } from '@gatehouse/kafka';
import { createTestKafka, kafkaBrokersForTests, waitFor } from '@gatehouse/testing';
import { randomBytes } from 'node:crypto';
import { IdentityState } from './identity-state';
import { IdentityStateConsumer } from './identity-state-consumer';

describe('IdentityStateConsumer (real Kafka)', () => {
  const kafka = createTestKafka();
  const producer = new EventProducer({ kafka, logger: silentKafkaLogger });
  const admin = kafka.admin();

  beforeAll(async () => {
    await Promise.all([producer.connect(), admin.connect()]);
  });

  afterAll(async () => {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  });

  it('rebuilds revocations from the beginning, is ready once caught up, applies new ones fast, and leaves no group behind', async () => {
    const userId = `usr_it_${randomBytes(6).toString('hex')}`;
    const revocation = (user: string) =>
      sampleEvents.identitySessionRevoked({
        id: `evt_${randomBytes(8).toString('hex')}`,
        scope: 'user',
        sessionId: null,
        userId: user,
        reason: 'user_deactivated',
        occurredAt: new Date().toISOString(),
        revokedBefore: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 16 * 60_000).toISOString(),
      });
    // Published before the consumer starts: it must come from the rebuild, not from live traffic.
    await producer.publish(SessionRevokedV1Definition, revocation(userId));

    const state = new IdentityState();
    const consumer = new IdentityStateConsumer({
      brokers: kafkaBrokersForTests(),
      state,
      logger: silentKafkaLogger,
      partitions: 3,
      replicationFactor: 1,
    });
    expect(await consumer.check()).toMatchObject({ ok: false });
    await consumer.start();
    try {
      await waitFor(() => consumer.caughtUp || undefined, 30_000);
      expect(await consumer.check()).toEqual({ ok: true });
      // Caught up means everything published before the start is applied.
      expect(state.revocations.isRevoked({ userId, sessionId: null }, Date.now() - 60_000)).toBe(true);

      const later = `usr_it_${randomBytes(6).toString('hex')}`;
      await producer.publish(SessionRevokedV1Definition, revocation(later));
      const published = performance.now();
      await waitFor(() => state.revocations.isRevoked({ userId: later, sessionId: null }, Date.now() - 60_000) || undefined, 5_000);
      expect(performance.now() - published).toBeLessThan(1_000);

      const groups = await admin.listGroups();
      expect(groups.groups.map((group) => group.groupId)).toContain(consumer.groupId);
    } finally {
      await consumer.stop();
    }
    // stop() deletes the group, so restarts do not pile groups up on the broker.
    const after = await admin.listGroups();
    expect(after.groups.map((group) => group.groupId)).not.toContain(consumer.groupId);
  }, 60_000);
});
