import type { KafkaUsageEventSinkOptions } from './kafka-usage-event-sink';

/**
 * Linux nice of the usage worker thread: when it and the request thread both want the core, the
 * request thread gets about three times its share, yet a saturated core still leaves the worker
 * about a quarter, more than usage publishing needs at full load, so its backlog cannot grow
 * without bound. Measured on one core (ADR 0019): nice 0 kept most of the request thread's tail,
 * nice 10 fell behind at full load. Where allowed, the worker idles below that (UsageWorkerScheduling).
 */
export const USAGE_WORKER_NICE = 5;

/**
 * How long the usage worker batches events before it sends them, and settles them on the same
 * schedule. Each produce request has a cost of its own in kafkajs and zlib, so a longer linger is
 * less CPU for the same events: at 3,000 events/s the worker spent about 7 µs less per event at
 * 200 ms than at 50 ms, and at 200 events/s about 40 % less. The price: an event reaches Kafka up
 * to about a quarter of a second after its request ended, and the request thread holds its copies
 * that much longer (ADR 0019). The inline sink (`USAGE_PUBLISHER=inline`) keeps the 50 ms default:
 * there the batch is encoded on the request thread, and a larger one is a longer stall.
 */
export const USAGE_WORKER_LINGER_MS = 200;

/** What the usage worker is started with: the Kafka sink's options, less the logger it cannot share. */
export interface UsageWorkerData {
  readonly options: Omit<KafkaUsageEventSinkOptions, 'logger'>;
}

/** Request thread → usage worker. */
export type ToUsageWorker =
  /** Finished requests' events, in completion order, a batch at a time (`encodeUsageLines`). */
  | { readonly kind: 'events'; readonly lines: string }
  /** Flush to Kafka or the journal, disconnect, answer `closed`. */
  | { readonly kind: 'close' };

export type UsageWorkerLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Usage worker → request thread. */
export type FromUsageWorker =
  /** The sink is open; `tid` is the worker's Linux thread id (absent where threads have none). */
  | { readonly kind: 'ready'; readonly tid?: number }
  /** The sink could not start (journal directory locked or unwritable); the message says why. */
  | { readonly kind: 'failed'; readonly message: string }
  /**
   * The first `count` events this worker was handed are in Kafka or written to the journal; the
   * request thread forgets them. Those it was handed after are sent again to a replacement worker
   * if this one dies.
   */
  | { readonly kind: 'settled'; readonly count: number }
  /** Sent when the sink's health changes; readiness reads the latest. */
  | { readonly kind: 'health'; readonly ok: boolean; readonly detail?: string }
  /** Kafka and journal log lines, written by the service's own logger on the request thread. */
  | {
      readonly kind: 'log';
      readonly level: UsageWorkerLogLevel;
      readonly fields: object;
      readonly msg: string;
    }
  | { readonly kind: 'closed' };
