import type { RequestCompletedV1 } from '@gatehouse/contracts';

interface HandedOverBatch {
  /** How many events the current worker had been handed once this batch was posted. */
  readonly end: number;
  readonly events: readonly RequestCompletedV1[];
}

/**
 * The request thread's copies of events handed to the usage worker that it has not yet reported
 * in Kafka or the journal (`settled`). If the worker dies they go to its replacement, so a worker
 * crash loses nothing; an event the dead worker had sent but not yet reported is sent twice, and
 * deduplicates downstream by its id like a replayed journal record.
 *
 * At most `maxHeld` events are kept: past that the oldest copies are forgotten (and counted), so a
 * worker that stops settling without dying cannot grow the request thread's heap without bound.
 */
export class UnsettledEvents {
  private batches: HandedOverBatch[] = [];
  private handedOver = 0;
  private held = 0;

  constructor(private readonly maxHeld: number) {}

  get size(): number {
    return this.held;
  }

  /** Records a batch just posted to the current worker; returns how many old copies were forgotten. */
  add(events: readonly RequestCompletedV1[]): number {
    this.handedOver += events.length;
    this.batches.push({ end: this.handedOver, events });
    this.held += events.length;
    let forgotten = 0;
    while (this.held > this.maxHeld && this.batches.length > 1) {
      const oldest = this.batches.shift() as HandedOverBatch;
      this.held -= oldest.events.length;
      forgotten += oldest.events.length;
    }
    return forgotten;
  }

  /** The worker reports its first `count` events settled. */
  settle(count: number): void {
    while (this.batches.length > 0 && this.batches[0].end <= count) {
      this.held -= (this.batches.shift() as HandedOverBatch).events.length;
    }
  }

  /** Everything still held, oldest first, for a new worker; its count starts from zero. */
  takeAll(): RequestCompletedV1[] {
    const events = this.batches.flatMap((batch) => batch.events);
    this.batches = [];
    this.handedOver = 0;
    this.held = 0;
    return events;
  }
}
