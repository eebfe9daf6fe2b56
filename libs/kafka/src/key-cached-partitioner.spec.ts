import { randomUUID } from 'node:crypto';
import { Partitioners, type PartitionerArgs, type PartitionMetadata } from 'kafkajs';
import { KeyCachedDefaultPartitioner } from './key-cached-partitioner';

function partitions(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
}

const args = (
  key: PartitionerArgs['message']['key'],
  count: number,
  extra: Partial<PartitionerArgs['message']> = {},
): PartitionerArgs => ({
  topic: 'gatehouse.test.usage.v1',
  partitionMetadata: partitions(count),
  message: { key, value: '{}', ...extra },
});

describe('KeyCachedDefaultPartitioner', () => {
  it("puts every string key where kafkajs's default partitioner does, on first sight and after", () => {
    const cached = KeyCachedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const keys = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `usr_${i}` : randomUUID()));
    for (const count of [1, 3, 6, 12])
      for (const key of [...keys, ...keys])
        expect(cached(args(key, count))).toBe(reference(args(key, count)));
  });

  it('starts over when the partition count changes', () => {
    const cached = KeyCachedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const key = Array.from({ length: 50 }, (_, i) => `usr_${i}`).find(
      (candidate) => reference(args(candidate, 3)) !== reference(args(candidate, 7)),
    ) as string;
    expect(cached(args(key, 3))).toBe(reference(args(key, 3)));
    expect(cached(args(key, 7))).toBe(reference(args(key, 7)));
  });

  it('leaves an explicit partition, Buffer keys and keyless messages to the default partitioner', () => {
    const cached = KeyCachedDefaultPartitioner();
    expect(cached(args('usr_1', 6, { partition: 4 }))).toBe(4);
    const reference = Partitioners.DefaultPartitioner();
    expect(cached(args(Buffer.from('usr_1'), 6))).toBe(reference(args(Buffer.from('usr_1'), 6)));
    const keyless = new Set(Array.from({ length: 12 }, () => cached(args(null, 6))));
    expect(keyless.size).toBeGreaterThan(1);
  });
});
