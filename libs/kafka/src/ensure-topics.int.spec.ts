import { createTestKafka, deleteTestTopics, uniqueTopicSuffix } from '@gatehouse/testing';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { ensureTopics } from './ensure-topics';
import { KafkaHealth, adminProbe } from './kafka-health';
import { silentKafkaLogger, type KafkaLogger } from './kafka-logger';
import { widgetChangedEvent, widgetStateEvent } from './test-fixtures/test-events';

const suffix = uniqueTopicSuffix();
const logDef = widgetChangedEvent(`gatehouse.test.provision-log.${suffix}`);
const stateDef = widgetStateEvent(`gatehouse.test.provision-state.${suffix}`);
const driftedTopic = `gatehouse.test.provision-drift.${suffix}`;
const driftedDef = widgetStateEvent(driftedTopic);
const options = { partitions: 2, replicationFactor: 1, logger: silentKafkaLogger };

describe('topic provisioning and health against the real broker', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = createTestKafka().admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await deleteTestTopics(
      [logDef, stateDef, driftedDef].flatMap((d) => [d.topic, `${d.topic}.dlq`]),
    );
  });

  it('creates event and dead-letter topics once, and a second run changes nothing', async () => {
    const first = await ensureTopics(admin, [logDef, stateDef], options);
    expect(first.created.sort()).toEqual(
      [logDef.topic, `${logDef.topic}.dlq`, stateDef.topic, `${stateDef.topic}.dlq`].sort(),
    );
    const second = await ensureTopics(admin, [logDef, stateDef], options);
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(4);
    expect(second.drift).toEqual([]);

    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [logDef.topic, stateDef.topic, `${stateDef.topic}.dlq`].map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['cleanup.policy', 'retention.ms'],
      })),
    });
    const policyOf = (topic: string, name: string) =>
      configs.resources
        .find((r) => r.resourceName === topic)
        ?.configEntries.find((e) => e.configName === name)?.configValue;
    expect(policyOf(stateDef.topic, 'cleanup.policy')).toBe('compact');
    expect(policyOf(`${stateDef.topic}.dlq`, 'cleanup.policy')).toBe('delete');
    expect(policyOf(logDef.topic, 'cleanup.policy')).toBe('delete');
    expect(policyOf(logDef.topic, 'retention.ms')).toBe('3600000');
    const metadata = await admin.fetchTopicMetadata({ topics: [stateDef.topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
  });

  it('reports a topic that exists with other settings as drift, and leaves it alone', async () => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: driftedTopic, numPartitions: 1, replicationFactor: 1 }],
    });
    const warnings: object[] = [];
    const logger: KafkaLogger = { ...silentKafkaLogger, warn: (obj) => void warnings.push(obj) };
    const report = await ensureTopics(admin, [driftedDef], { ...options, logger });
    expect(report.created).toEqual([`${driftedTopic}.dlq`]);
    expect(report.drift).toEqual(
      expect.arrayContaining([
        { topic: driftedTopic, setting: 'partitions', expected: '2', actual: '1' },
        { topic: driftedTopic, setting: 'cleanup.policy', expected: 'compact', actual: 'delete' },
      ]),
    );
    expect(warnings).toHaveLength(report.drift.length);
  });

  it('reports the cluster as ready, and an unreachable broker as not ready within the timeout', async () => {
    const healthy = new KafkaHealth({ probe: adminProbe(admin), timeoutMs: 3_000 });
    const ok = await healthy.check();
    expect(ok.ok).toBe(true);
    expect(ok.detail).toMatch(/\d+ broker\(s\)/);

    // Port 1 on loopback refuses connections, standing in for a broker that is down.
    const downAdmin = new Kafka({
      clientId: 'health-down',
      brokers: ['127.0.0.1:1'],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    const nowhere = new KafkaHealth({ probe: adminProbe(downAdmin), timeoutMs: 1_500 });
    const started = Date.now();
    const down = await nowhere.check();
    expect(down.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_500);
    await downAdmin.disconnect();
  });
});
