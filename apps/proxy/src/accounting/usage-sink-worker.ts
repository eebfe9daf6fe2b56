import type { KafkaLogger } from '@gatehouse/kafka';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { decodeUsageLines } from './encoded-usage-event';
import { KafkaUsageEventSink } from './kafka-usage-event-sink';
import {
  USAGE_WORKER_LINGER_MS,
  USAGE_WORKER_NICE,
  type FromUsageWorker,
  type ToUsageWorker,
  type UsageWorkerData,
  type UsageWorkerLogLevel,
} from './usage-worker-protocol';

/**
 * The usage worker's entry point (started by WorkerUsageEventSink). It owns the Kafka producer and
 * the disk journal, so their encoding, compression and garbage never run on the request thread.
 */

const HEALTH_POLL_MS = 1_000;
/**
 * How soon after events arrive the worker settles them (sends them to Kafka, or writes them to the
 * journal) and tells the request thread, which holds copies until then: the batching linger, so
 * Kafka batches stay the size they were.
 */
const SETTLE_AFTER_MS = USAGE_WORKER_LINGER_MS;

function send(port: MessagePort, message: FromUsageWorker): void {
  port.postMessage(message);
}

function forwardingLogger(port: MessagePort): KafkaLogger {
  const at =
    (level: UsageWorkerLogLevel) =>
    (fields: object, msg: string): void => {
      try {
        send(port, { kind: 'log', level, fields, msg });
      } catch {
        // A field that cannot be cloned (a function, a socket) must not cost the line itself.
        send(port, { kind: 'log', level, fields: { unclonedFields: Object.keys(fields) }, msg });
      }
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** This thread's Linux thread id: "/proc/thread-self" → "<pid>/task/<tid>"; undefined elsewhere. */
function ownThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Lowers this thread's nice (setpriority(2) on a tid affects that thread only). */
function yieldToRequestThread(tid: number | undefined, logger: KafkaLogger): void {
  let reason = 'no thread id (/proc/thread-self)';
  if (tid !== undefined)
    try {
      setPriority(tid, USAGE_WORKER_NICE);
      return;
    } catch (error) {
      reason = (error as Error).message;
    }
  logger.debug({ err: reason }, 'usage worker runs at the request thread priority');
}

/**
 * Counts the events handed over and, `SETTLE_AFTER_MS` after new ones arrive, settles the sink and
 * reports how many of them are in Kafka or the journal (one settle at a time, in order).
 */
function settlementReporter(
  port: MessagePort,
  sink: KafkaUsageEventSink,
  logger: KafkaLogger,
): { handedOver(count: number): void; stop(): void } {
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  let settling = false;
  const settle = async (): Promise<void> => {
    timer = undefined;
    settling = true;
    const upTo = received;
    try {
      await sink.settle();
      send(port, { kind: 'settled', count: upTo });
    } catch (error) {
      // Not expected (send failures go to the journal); the events stay held on the other side.
      logger.error({ err: (error as Error).message }, 'usage events could not be settled');
    } finally {
      settling = false;
      if (received > upTo) schedule();
    }
  };
  const schedule = (): void => {
    if (!settling) timer ??= setTimeout(() => void settle(), SETTLE_AFTER_MS);
  };
  return {
    handedOver(count) {
      received += count;
      schedule();
    },
    stop: () => clearTimeout(timer),
  };
}

async function run(port: MessagePort, { options }: UsageWorkerData): Promise<void> {
  const logger = forwardingLogger(port);
  const tid = ownThreadId();
  yieldToRequestThread(tid, logger);
  let sink: KafkaUsageEventSink;
  try {
    sink = await KafkaUsageEventSink.start({
      ...options,
      logger,
      lingerMs: USAGE_WORKER_LINGER_MS,
    });
  } catch (error) {
    send(port, { kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
    return;
  }
  let lastHealth = '';
  const reportHealth = (): void => {
    const health = sink.health();
    const key = `${health.ok}\u0000${health.detail ?? ''}`;
    if (key === lastHealth) return;
    lastHealth = key;
    send(port, {
      kind: 'health',
      ok: health.ok,
      ...(health.detail === undefined ? {} : { detail: health.detail }),
    });
  };
  reportHealth();
  const healthTimer = setInterval(reportHealth, HEALTH_POLL_MS);
  const settlement = settlementReporter(port, sink, logger);
  port.on('message', (message: ToUsageWorker) => {
    if (message.kind === 'events') {
      const { events, lines } = decodeUsageLines(message.lines, (offset, reason) =>
        logger.error({ offset, reason }, 'usage line not in the hand-over format; skipped'),
      );
      for (const event of events) sink.publishEncoded(event);
      // Settlement counts lines, so a skipped one does not hold back the request thread's copies.
      settlement.handedOver(lines);
      return;
    }
    clearInterval(healthTimer);
    settlement.stop();
    void sink
      .close()
      .catch((error: unknown) =>
        logger.error({ err: (error as Error).message }, 'usage worker close failed'),
      )
      .finally(() => {
        send(port, { kind: 'closed' });
        port.close();
      });
  });
  send(port, { kind: 'ready', ...(tid === undefined ? {} : { tid }) });
}

if (parentPort === null)
  throw new Error('usage-sink-worker runs as a worker thread (see WorkerUsageEventSink)');
void run(parentPort, workerData as UsageWorkerData);
