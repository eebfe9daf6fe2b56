import { deadLetterTopic, type AnyEventDefinition } from '@gatehouse/contracts';
import { KafkaError, KafkaErrorCode } from './kafka-error';

export interface TopicProvisioningOptions {
  partitions: number;
  replicationFactor: number;
  /** Dead letters are kept for people to inspect and replay; two weeks by default. */
  deadLetterRetentionMs?: number;
  /**
   * A compacted topic keeps the last value per key, but only once a segment has rolled and
   * the record is older than the lag. The lag gives slow consumers time to see every update;
   * a short segment lets a state topic shrink within hours instead of after the 7-day default.
   */
  minCompactionLagMs?: number;
  segmentMs?: number;
}

export const DEFAULT_DEAD_LETTER_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;
export const DEFAULT_MIN_COMPACTION_LAG_MS = 60 * 1000;
export const DEFAULT_SEGMENT_MS = 60 * 60 * 1000;

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface TopicDrift {
  readonly topic: string;
  readonly setting: string;
  readonly expected: string;
  readonly actual: string;
}

/** What the broker should hold for these definitions: each event topic and its `.dlq` topic. */
export function desiredTopicSpecs(
  defs: readonly AnyEventDefinition[],
  options: TopicProvisioningOptions,
): TopicSpec[] {
  const specs = new Map<string, TopicSpec>();
  const add = (spec: TopicSpec): void => {
    const existing = specs.get(spec.topic);
    if (
      existing !== undefined &&
      JSON.stringify(existing.configs) !== JSON.stringify(spec.configs)
    ) {
      throw new KafkaError(
        KafkaErrorCode.TOPIC_PROVISIONING_FAILED,
        `Definitions disagree on how ${spec.topic} is kept; give every definition on one topic the same retention.`,
      );
    }
    specs.set(spec.topic, spec);
  };
  const sizing = {
    numPartitions: options.partitions,
    replicationFactor: options.replicationFactor,
  };
  for (const def of defs) {
    const configs: Record<string, string> =
      def.retention.kind === 'compacted'
        ? {
            'cleanup.policy': 'compact',
            'min.compaction.lag.ms': String(
              options.minCompactionLagMs ?? DEFAULT_MIN_COMPACTION_LAG_MS,
            ),
            'segment.ms': String(options.segmentMs ?? DEFAULT_SEGMENT_MS),
          }
        : { 'cleanup.policy': 'delete', 'retention.ms': String(def.retention.retentionMs) };
    add({ topic: def.topic, ...sizing, configs });
    // Dead letters are a log even for compacted topics: two rejected messages with one key
    // must both stay for inspection.
    add({
      topic: deadLetterTopic(def.topic),
      ...sizing,
      configs: {
        'cleanup.policy': 'delete',
        'retention.ms': String(options.deadLetterRetentionMs ?? DEFAULT_DEAD_LETTER_RETENTION_MS),
      },
    });
  }
  return [...specs.values()];
}

export interface ObservedTopic {
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string | undefined>>;
}

/** Differences between a spec and what the broker reports; reported, never changed automatically. */
export function findTopicDrift(spec: TopicSpec, observed: ObservedTopic): TopicDrift[] {
  const drift: TopicDrift[] = [];
  const compare = (setting: string, expected: string, actual: string | undefined): void => {
    if (actual !== expected)
      drift.push({ topic: spec.topic, setting, expected, actual: actual ?? '(unset)' });
  };
  compare('partitions', String(spec.numPartitions), String(observed.numPartitions));
  compare('replication.factor', String(spec.replicationFactor), String(observed.replicationFactor));
  for (const [name, value] of Object.entries(spec.configs))
    compare(name, value, observed.configs[name]);
  return drift;
}
