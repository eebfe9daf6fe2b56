import type { AnyEventDefinition } from '@gatehouse/contracts';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { describeError } from './dead-letter';
import { KafkaError, KafkaErrorCode } from './kafka-error';
import type { KafkaLogger } from './kafka-logger';
import {
  desiredTopicSpecs,
  findTopicDrift,
  type ObservedTopic,
  type TopicDrift,
  type TopicProvisioningOptions,
  type TopicSpec,
} from './topic-specs';

/** The admin calls provisioning uses; a connected kafkajs Admin satisfies it. */
export type ProvisioningAdmin = Pick<
  Admin,
  'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'describeConfigs'
>;

export interface EnsureTopicsOptions extends TopicProvisioningOptions {
  logger: KafkaLogger;
  timeoutMs?: number;
}

export interface ProvisioningReport {
  readonly created: string[];
  readonly existing: string[];
  readonly drift: TopicDrift[];
}

/**
 * Creates the missing event and dead-letter topics and checks the existing ones. Safe to run at
 * every start and from several replicas at once: a topic created by someone else in between
 * counts as existing. Drift is logged as a warning, because changing partitions or retention of
 * a live topic is an operator's decision.
 */
export async function ensureTopics(
  admin: ProvisioningAdmin,
  defs: readonly AnyEventDefinition[],
  options: EnsureTopicsOptions,
): Promise<ProvisioningReport> {
  const specs = desiredTopicSpecs(defs, options);
  try {
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !present.has(spec.topic));
    const createdFlags = await Promise.all(
      missing.map((spec) => createTopic(admin, spec, options.timeoutMs ?? 30_000)),
    );
    const created = missing.filter((_, i) => createdFlags[i]).map((spec) => spec.topic);
    const existingSpecs = specs.filter((spec) => !created.includes(spec.topic));
    const drift = await detectDrift(admin, existingSpecs);
    for (const item of drift) {
      options.logger.warn(
        { ...item },
        'kafka topic differs from its definition; change it by hand if intended',
      );
    }
    if (created.length > 0) options.logger.info({ topics: created }, 'kafka topics created');
    return { created, existing: existingSpecs.map((spec) => spec.topic), drift };
  } catch (error) {
    if (error instanceof KafkaError) throw error;
    throw new KafkaError(
      KafkaErrorCode.TOPIC_PROVISIONING_FAILED,
      `Could not provision Kafka topics (${describeError(error)}); check broker connectivity, ACLs and that the ` +
        'replication factor is not larger than the number of brokers.',
      { cause: error },
    );
  }
}

async function createTopic(
  admin: ProvisioningAdmin,
  spec: TopicSpec,
  timeout: number,
): Promise<boolean> {
  // kafkajs resolves false when the topic already exists, which makes concurrent starts safe.
  return admin.createTopics({
    waitForLeaders: true,
    timeout,
    topics: [
      {
        topic: spec.topic,
        numPartitions: spec.numPartitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      },
    ],
  });
}

async function detectDrift(
  admin: ProvisioningAdmin,
  specs: readonly TopicSpec[],
): Promise<TopicDrift[]> {
  if (specs.length === 0) return [];
  const [metadata, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) }),
    admin.describeConfigs({
      includeSynonyms: false,
      resources: specs.map((spec) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.topic,
        configNames: Object.keys(spec.configs),
      })),
    }),
  ]);
  return specs.flatMap((spec) => {
    const topicMetadata = metadata.topics.find((t) => t.name === spec.topic);
    const resource = configs.resources.find((r) => r.resourceName === spec.topic);
    const observed: ObservedTopic = {
      numPartitions: topicMetadata?.partitions.length ?? 0,
      replicationFactor: topicMetadata?.partitions[0]?.replicas.length ?? 0,
      configs: Object.fromEntries(
        (resource?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
      ),
    };
    return findTopicDrift(spec, observed);
  });
}
