import type { RequestCompletedV1 } from '@gatehouse/contracts';
import { nodeJournalFileSystem, releaseOwnJournalLock, type KafkaLogger } from '@gatehouse/kafka';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { encodeUsageLines } from './encoded-usage-event';
import type { KafkaUsageEventSinkOptions } from './kafka-usage-event-sink';
import { probeIdleScheduling, setThreadPolicy } from '../runtime/thread-scheduling';
import { UnsettledEvents } from './unsettled-events';
import type { UsageEventSink } from './usage-event-sink';
import {
  USAGE_WORKER_NICE,
  type FromUsageWorker,
  type ToUsageWorker,
  type UsageWorkerData,
} from './usage-worker-protocol';
import {
  UsageWorkerScheduling,
  type UsageWorkerSchedulingOptions,
} from './usage-worker-scheduling';

export interface WorkerUsageEventSinkOptions extends KafkaUsageEventSinkOptions {
  /** Events are handed to the worker at most this long after the request finished. */
  readonly handOffMs?: number;
  /**
   * Events waiting on this side of the hand-over, past which new ones are refused (and logged);
   * also how many handed-over events are held until the worker reports them settled.
   */
  readonly maxPending?: number;
  /** How long `close()` waits for the worker to flush before stopping it. */
  readonly closeTimeoutMs?: number;
  /** Wait before restarting a worker that died; doubles per failed attempt, up to 30 s. */
  readonly restartDelayMs?: number;
  /**
   * The worker thread idles (SCHED_IDLE) while it keeps up, where the process may leave that
   * again (UsageWorkerScheduling); `false` keeps it at nice 5. Thresholds are for tests.
   */
  readonly idleScheduling?:
    false | Pick<UsageWorkerSchedulingOptions, 'promoteAbove' | 'calmBelow' | 'calmMs'>;
}

const WORKER_ENTRY = join(__dirname, `usage-sink-worker${extname(__filename)}`);
/**
 * Loads the worker entry. Services run compiled (ADR 0020), so the worker is plain JavaScript; a
 * host running the TypeScript sources (jest, `nx serve`) gets the same SWC loader in the worker.
 */
const RUNS_TYPESCRIPT = WORKER_ENTRY.endsWith('.ts');
const WORKER_BOOT =
  (RUNS_TYPESCRIPT ? "if (!require.extensions['.ts']) require('@swc-node/register'); " : '') +
  `require(${JSON.stringify(WORKER_ENTRY)});`;
const TSCONFIG = resolve(__dirname, '../../../../tsconfig.base.json');
const DEFAULT_HAND_OFF_MS = 10;
/** A batch this size goes over at once instead of waiting for the timer. */
const HAND_OFF_BATCH = 256;
const DEFAULT_MAX_PENDING = 50_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;
const DEFAULT_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

type Health = { ok: boolean; detail?: string };

interface SinkSettings {
  readonly handOffMs: number;
  readonly maxPending: number;
  readonly closeTimeoutMs: number;
  readonly restartDelayMs: number;
}

function spawnWorker(workerData: UsageWorkerData): Worker {
  return new Worker(WORKER_BOOT, {
    eval: true,
    workerData,
    name: 'gatehouse-usage',
    env: RUNS_TYPESCRIPT
      ? { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? TSCONFIG }
      : process.env,
  });
}

/**
 * Resolves with the worker's thread id once its sink is open; rejects with the worker's reason
 * otherwise.
 */
function untilStarted(worker: Worker): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromUsageWorker): void => {
      if (message.kind === 'ready') settle(() => resolve(message.tid));
      else if (message.kind === 'failed') settle(() => reject(new Error(message.message)));
    };
    const onExit = (code: number): void =>
      settle(() => reject(new Error(`usage worker exited with code ${code} while starting`)));
    const onError = (error: Error): void => settle(() => reject(error));
    const settle = (then: () => void): void => {
      worker.off('message', onMessage).off('exit', onExit).off('error', onError);
      then();
    };
    worker.on('message', onMessage).on('exit', onExit).on('error', onError);
  });
}

/**
 * Usage events to Kafka from a worker thread (ADR 0019). The request thread only collects finished
 * requests' events and hands them over, serialised, every `handOffMs` in one message; the worker
 * runs the Kafka usage sink (batching, GZIP, the idempotent producer, the disk journal and its
 * replay), so none of that work or its garbage lands between a request and its response.
 *
 * The request thread keeps its copies of handed-over events until the worker reports them in Kafka
 * or written to the journal (`UnsettledEvents`). If the worker dies, readiness fails with the
 * reason, those copies and new events wait here (new ones up to `maxPending`, then they are refused
 * with an error line) and a new worker is started after `restartDelayMs` (doubling per failed
 * attempt, up to 30 s); it takes over the journal, replays what it holds and is handed what
 * waited, oldest first. An event the dead worker had sent but not yet reported goes out twice with
 * the same id (consumers deduplicate by it, as for a journal replay).
 */
export class WorkerUsageEventSink implements UsageEventSink {
  private worker!: Worker;
  private pending: RequestCompletedV1[] = [];
  private readonly unsettled: UnsettledEvents;
  /** Copies forgotten because too many were held (`UnsettledEvents`); logged by powers of two. */
  private forgotten = 0;
  private handOffTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** A restart under way; close() waits for it, so no new worker outlives the sink. */
  private restarting: Promise<void> | undefined;
  private latestHealth: Health = { ok: true, detail: 'usage worker starting' };
  private stopped: string | undefined;
  private failedRestarts = 0;
  private refused = 0;
  private closing = false;

  private constructor(
    worker: Worker,
    private readonly workerData: UsageWorkerData,
    private readonly logger: KafkaLogger,
    private readonly settings: SinkSettings,
    /** Undefined where the worker cannot idle (see start). */
    private readonly scheduling: UsageWorkerScheduling | undefined,
  ) {
    this.unsettled = new UnsettledEvents(settings.maxPending);
    this.attach(worker);
  }

  /** Starts the worker and waits until its sink is open; rejects with the worker's reason otherwise. */
  static async start(options: WorkerUsageEventSinkOptions): Promise<WorkerUsageEventSink> {
    const {
      logger,
      handOffMs,
      maxPending,
      closeTimeoutMs,
      restartDelayMs,
      idleScheduling,
      ...sinkOptions
    } = options;
    // Probed before the worker exists, so a worker that fails meanwhile is never left unheard.
    const scheduling = await idleSchedulingFor(idleScheduling, logger);
    const workerData: UsageWorkerData = { options: sinkOptions };
    const worker = spawnWorker(workerData);
    const started = untilStarted(worker);
    const sink = new WorkerUsageEventSink(
      worker,
      workerData,
      logger,
      {
        handOffMs: handOffMs ?? DEFAULT_HAND_OFF_MS,
        maxPending: maxPending ?? DEFAULT_MAX_PENDING,
        closeTimeoutMs: closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
        restartDelayMs: restartDelayMs ?? DEFAULT_RESTART_DELAY_MS,
      },
      scheduling,
    );
    let tid: number | undefined;
    try {
      tid = await started;
    } catch (error) {
      sink.closing = true;
      await worker.terminate();
      throw error;
    }
    if (tid !== undefined) await scheduling?.attach(tid);
    return sink;
  }

  publish(event: RequestCompletedV1): void {
    if (this.closing) {
      // Shutdown closes the sink after the HTTP server drained, so this is a proxy bug; say so.
      this.logger.error(
        { requestId: event.requestId },
        'usage event published after close; dropped',
      );
      return;
    }
    if (this.pending.length >= this.settings.maxPending) {
      this.refuse(event);
      return;
    }
    this.pending.push(event);
    if (this.stopped !== undefined) return;
    if (this.pending.length >= HAND_OFF_BATCH) this.handOff();
    else this.handOffTimer ??= setTimeout(() => this.handOff(), this.settings.handOffMs).unref();
  }

  health(): Health {
    if (this.stopped !== undefined)
      return {
        ok: false,
        detail: `${this.stopped}; restarting it; ${this.pending.length} usage events held in memory, ${this.refused} refused`,
      };
    return this.latestHealth;
  }

  /** Hands over what is pending, has the worker flush to Kafka (or the journal) and waits for it. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.handOffTimer);
    clearTimeout(this.restartTimer);
    // A worker being restarted right now still takes what waited for it.
    await this.restarting;
    await this.scheduling?.normal();
    if (this.stopped === undefined) this.postPending();
    if (this.stopped !== undefined) {
      if (this.pending.length > 0)
        this.logger.error(
          { count: this.pending.length, reason: this.stopped },
          'usage events lost at shutdown: the usage worker had stopped and was not back yet',
        );
      await this.worker.terminate();
      return;
    }
    const worker = this.worker;
    const closed = new Promise<boolean>((resolve) => {
      worker.on('message', (message: FromUsageWorker) => {
        if (message.kind === 'closed') resolve(true);
      });
      worker.once('exit', () => resolve(true));
    });
    worker.postMessage({ kind: 'close' } satisfies ToUsageWorker);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.settings.closeTimeoutMs);
    });
    const inTime = await Promise.race([closed, timedOut]);
    clearTimeout(timer);
    if (!inTime)
      this.logger.error(
        // The worker had not reported these in Kafka or the journal: they may be lost.
        { timeoutMs: this.settings.closeTimeoutMs, unsettledEvents: this.unsettled.size },
        'usage worker did not finish flushing in time; stopping it',
      );
    await worker.terminate();
  }

  private attach(worker: Worker): void {
    this.worker = worker;
    worker.on('message', (message: FromUsageWorker) => this.onMessage(worker, message));
    worker.on('error', (error) => this.onStopped(worker, `usage worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closing) this.onStopped(worker, `usage worker exited with code ${code}`);
    });
  }

  private handOff(): void {
    clearTimeout(this.handOffTimer);
    this.handOffTimer = undefined;
    if (this.stopped === undefined && !this.closing) this.postPending();
  }

  private postPending(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    // Posted as one string, held as objects: see `encodeUsageLines`.
    this.worker.postMessage({
      kind: 'events',
      lines: encodeUsageLines(events, (event, error) =>
        this.logger.error(
          { requestId: event.requestId, err: error.message },
          'usage event could not be serialised; dropped',
        ),
      ),
    } satisfies ToUsageWorker);
    const forgotten = this.unsettled.add(events);
    if (forgotten > 0) this.forget(forgotten);
    this.scheduling?.observe(this.unsettled.size);
  }

  private onMessage(worker: Worker, message: FromUsageWorker): void {
    // Its log lines are worth keeping; a replaced worker's settlements and health are not (its
    // unsettled events were already taken back, and its health is no longer the sink's).
    if (message.kind === 'log') {
      this.logger[message.level](message.fields, message.msg);
      return;
    }
    if (worker !== this.worker) return;
    if (message.kind === 'settled') this.unsettled.settle(message.count);
    else if (message.kind === 'health')
      this.latestHealth = {
        ok: message.ok,
        ...(message.detail === undefined ? {} : { detail: message.detail }),
      };
  }

  private onStopped(worker: Worker, reason: string): void {
    // A crash reports `error` and then `exit`; a replaced worker's late events do not count.
    if (worker !== this.worker || this.stopped !== undefined || this.closing) return;
    this.stopped = reason;
    this.scheduling?.detach();
    // What it had not settled goes to the next worker first, ahead of what waited since.
    const taken = this.unsettled.takeAll();
    if (taken.length > 0) this.pending = [...taken, ...this.pending];
    this.logger.error(
      { reason, heldEvents: this.pending.length, unsettledEvents: taken.length },
      'usage worker stopped: readiness fails and usage events are held in memory until a new worker is up',
    );
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delayMs = Math.min(
      this.settings.restartDelayMs * 2 ** this.failedRestarts,
      MAX_RESTART_DELAY_MS,
    );
    this.restartTimer = setTimeout(() => {
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    }, delayMs).unref();
  }

  private async restart(): Promise<void> {
    await this.worker.terminate();
    if (this.closing) return;
    // The dead worker's journal never closed; its lock names this process, so nobody else has it.
    await releaseOwnJournalLock(nodeJournalFileSystem, this.workerData.options.journalDirectory);
    const worker = spawnWorker(this.workerData);
    let tid: number | undefined;
    try {
      tid = await untilStarted(worker);
    } catch (error) {
      await worker.terminate();
      this.failedRestarts += 1;
      this.logger.error(
        { reason: (error as Error).message, attempt: this.failedRestarts },
        'usage worker restart failed; trying again',
      );
      if (!this.closing) this.scheduleRestart();
      return;
    }
    this.attach(worker);
    if (tid !== undefined) await this.scheduling?.attach(tid);
    this.logger.warn(
      { after: this.stopped, failedAttempts: this.failedRestarts, heldEvents: this.pending.length },
      'usage worker restarted',
    );
    this.stopped = undefined;
    this.failedRestarts = 0;
    this.latestHealth = { ok: true, detail: 'usage worker restarted' };
    this.handOff();
  }

  private forget(count: number): void {
    const before = this.forgotten;
    this.forgotten += count;
    // One line each time the total passes a power of two, so a stuck worker cannot flood the log.
    if (before === 0 || Math.clz32(this.forgotten) < Math.clz32(before))
      this.logger.warn(
        { forgotten: this.forgotten, held: this.unsettled.size },
        'usage worker is slow to settle events; the oldest copies are no longer kept for a restart',
      );
  }

  private refuse(event: RequestCompletedV1): void {
    this.refused += 1;
    // One line per power of two, so a long outage cannot flood the log.
    if ((this.refused & (this.refused - 1)) === 0)
      this.logger.error(
        { requestId: event.requestId, refused: this.refused, held: this.pending.length },
        'usage event refused: too many are waiting for the usage worker',
      );
  }
}

/** The idle-scheduling controller, or undefined (logged once) where the worker keeps nice 5. */
async function idleSchedulingFor(
  options: WorkerUsageEventSinkOptions['idleScheduling'],
  logger: KafkaLogger,
): Promise<UsageWorkerScheduling | undefined> {
  if (options === false) return undefined;
  const support = await probeIdleScheduling(USAGE_WORKER_NICE);
  if (!support.ok) {
    logger.info(
      { reason: support.reason },
      'usage worker keeps nice 5: idle scheduling needs chrt (util-linux) and CAP_SYS_NICE or RLIMIT_NICE >= 15 (docs/proxy.md)',
    );
    return undefined;
  }
  return new UsageWorkerScheduling({ setPolicy: setThreadPolicy, ...options, logger });
}
