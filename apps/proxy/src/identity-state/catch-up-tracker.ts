/** Offsets of one partition as the broker reported them when the proxy started. */
export interface PartitionBounds {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the first message still in the log. */
  readonly low: string;
  /** Offset the next message will get (the high-water mark). */
  readonly high: string;
}

/**
 * Knows whether the consumer has read every identity topic up to where it stood at start, which is
 * when the in-memory state is as complete as the compacted topics: until then a revoked session
 * could still pass. Progress comes from the consumer's batches (the last offset it processed, which
 * covers offsets compacted away or taken by transaction markers), so the check is exact.
 */
export class CatchUpTracker {
  private readonly pending = new Map<string, bigint>();
  private caughtUpOnce = false;

  constructor(bounds: readonly PartitionBounds[]) {
    for (const bound of bounds) {
      const high = BigInt(bound.high);
      // An empty partition (or one whose messages all aged out) has nothing to wait for.
      if (high > BigInt(bound.low)) this.pending.set(keyOf(bound.topic, bound.partition), high);
    }
    this.caughtUpOnce = this.pending.size === 0;
  }

  /** Records that everything up to and including `lastOffset` of a partition was applied. */
  processed(topic: string, partition: number, lastOffset: string): void {
    if (this.caughtUpOnce) return;
    const key = keyOf(topic, partition);
    const target = this.pending.get(key);
    if (target === undefined) return;
    if (BigInt(lastOffset) + 1n >= target) this.pending.delete(key);
    if (this.pending.size === 0) this.caughtUpOnce = true;
  }

  /** True once every partition reached its start-time high-water mark; stays true afterwards. */
  get caughtUp(): boolean {
    return this.caughtUpOnce;
  }

  /** Partitions still being read, for `/readyz`. */
  describePending(): string {
    return [...this.pending.keys()].sort().join(', ');
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}[${partition}]`;
}
