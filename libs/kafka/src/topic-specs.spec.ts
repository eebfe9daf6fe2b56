import { desiredTopicSpecs, findTopicDrift, DEFAULT_DEAD_LETTER_RETENTION_MS } from './topic-specs';
import { KafkaErrorCode } from './kafka-error';
import { widgetChangedEvent, widgetStateEvent } from './test-fixtures/test-events';

const options = { partitions: 3, replicationFactor: 1 };

describe('desiredTopicSpecs', () => {
  it('given a log and a compacted definition, then each gets its topic and a delete-policy .dlq', () => {
    const specs = desiredTopicSpecs(
      [widgetChangedEvent('t.log'), widgetStateEvent('t.state')],
      options,
    );
    expect(specs.map((s) => s.topic)).toEqual(['t.log', 't.log.dlq', 't.state', 't.state.dlq']);
    expect(specs[0]?.configs).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '3600000' });
    expect(specs[2]?.configs).toEqual({
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': '60000',
      'segment.ms': '3600000',
    });
    expect(specs[3]?.configs).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': String(DEFAULT_DEAD_LETTER_RETENTION_MS),
    });
    expect(specs.every((s) => s.numPartitions === 3 && s.replicationFactor === 1)).toBe(true);
  });

  it('given two definitions on one topic that disagree on retention, then it refuses', () => {
    expect(() =>
      desiredTopicSpecs([widgetChangedEvent('t.same'), widgetStateEvent('t.same')], options),
    ).toThrow(expect.objectContaining({ code: KafkaErrorCode.TOPIC_PROVISIONING_FAILED }));
  });
});

describe('findTopicDrift', () => {
  const [spec] = desiredTopicSpecs([widgetStateEvent('t.state')], options);

  it('given a topic that matches, then there is no drift', () => {
    expect(spec).toBeDefined();
    if (!spec) return;
    expect(
      findTopicDrift(spec, {
        numPartitions: 3,
        replicationFactor: 1,
        configs: { ...spec.configs },
      }),
    ).toEqual([]);
  });

  it('given different partitions and cleanup policy, then each difference is reported', () => {
    if (!spec) throw new Error('spec missing');
    const drift = findTopicDrift(spec, {
      numPartitions: 1,
      replicationFactor: 1,
      configs: { ...spec.configs, 'cleanup.policy': 'delete', 'segment.ms': undefined },
    });
    expect(drift).toEqual([
      { topic: 't.state', setting: 'partitions', expected: '3', actual: '1' },
      { topic: 't.state', setting: 'cleanup.policy', expected: 'compact', actual: 'delete' },
      { topic: 't.state', setting: 'segment.ms', expected: '3600000', actual: '(unset)' },
    ]);
  });
});
