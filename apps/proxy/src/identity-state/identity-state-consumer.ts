import { ensureTopics, headersToStrings, KafkaClientFactory, type KafkaLogger } from '@gatehouse/kafka';
import type { ReadinessCheck } from '@gatehouse/service-kit';
import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { CatchUpTracker, type PartitionBounds } from './catch-up-tracker';
import { identityStateGroupId } from './consumer-group-id';
import { IdentityStateError, IdentityStateErrorCode } from './identity-state-error';
import { IDENTITY_STATE_EVENTS, type IdentityState } from './identity-state';

/**
 * Group timings. The fetch wait bounds how long an idle partition's fetch is parked on the broker;
 * data that arrives meanwhile is returned at once (min bytes 1), so a revocation reaches memory in
 * a network round trip whatever the wait. The wait is therefore kafkajs's default, 1 s: at 100 ms
 * the idle fetch loop ran ten times a second on the request thread (about 3 % of its CPU at full
 * load in a profile, and as many wake-ups between requests). The short session timeout is what
 * removes a crashed proxy's group from the broker.
 */
export interface IdentityConsumerTimings {
  readonly maxWaitTimeMs: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
}

export const DEFAULT_IDENTITY_CONSUMER_TIMINGS: IdentityConsumerTimings = {
  maxWaitTimeMs: 1_000,
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
};

export interface IdentityStateConsumerOptions {
  readonly brokers: readonly string[];
  readonly state: IdentityState;
  readonly logger: KafkaLogger;
  /** Used when the proxy has to create a missing identity topic (normally the auth service does). */
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly groupId?: string;
  readonly timings?: Partial<IdentityConsumerTimings>;
}

/**
 * Reads the identity topics from the beginning into `IdentityState`, in a consumer group of its own
 * (ADR 0017): every proxy sees every event, and nothing is ever committed, because a restarted
 * proxy rebuilds from the beginning anyway. `stop()` deletes the group; the group of a crashed
 * proxy empties when its session times out and, holding no offsets, is dropped by the broker.
 */
export class IdentityStateConsumer implements ReadinessCheck {
  readonly name = 'identity-state';
  readonly groupId: string;
  private readonly factory: KafkaClientFactory;
  private readonly timings: IdentityConsumerTimings;
  private consumer: Consumer | undefined;
  private tracker: CatchUpTracker | undefined;
  private startedAtMs = 0;

  constructor(private readonly options: IdentityStateConsumerOptions) {
    this.groupId = options.groupId ?? identityStateGroupId();
    this.timings = { ...DEFAULT_IDENTITY_CONSUMER_TIMINGS, ...options.timings };
    this.factory = new KafkaClientFactory({ brokers: options.brokers, clientId: 'gatehouse-proxy-identity' }, options.logger);
  }

  /** Ready once the topics were read up to their high-water marks of start time. */
  check(): Promise<{ ok: boolean; detail?: string }> {
    if (this.tracker === undefined) return Promise.resolve({ ok: false, detail: 'identity topics not read yet' });
    if (this.tracker.caughtUp) return Promise.resolve({ ok: true });
    return Promise.resolve({ ok: false, detail: `reading ${this.tracker.describePending()}` });
  }

  get caughtUp(): boolean {
    return this.tracker?.caughtUp ?? false;
  }

  /** Provisions missing topics, notes the high-water marks, joins a fresh group and starts reading. */
  async start(): Promise<void> {
    if (this.consumer !== undefined) {
      throw new IdentityStateError(IdentityStateErrorCode.LIFECYCLE, 'identity state consumer already started');
    }
    this.startedAtMs = Date.now();
    const admin = this.factory.createAdmin();
    const consumer = this.factory.client.consumer({
      groupId: this.groupId,
      sessionTimeout: this.timings.sessionTimeoutMs,
      heartbeatInterval: this.timings.heartbeatIntervalMs,
      rebalanceTimeout: this.timings.sessionTimeoutMs,
      maxWaitTimeInMs: this.timings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    try {
      await admin.connect();
      this.tracker = new CatchUpTracker(await this.startBounds(admin));
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => this.onBatchDone(payload.topic, payload.partition, payload.lastOffset));
      await consumer.connect();
      await consumer.subscribe({ topics: IDENTITY_STATE_EVENTS.map((def) => def.topic), fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatch: (payload) => this.applyBatch(payload) });
    } catch (error) {
      this.tracker = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw new IdentityStateError(
        IdentityStateErrorCode.KAFKA_UNAVAILABLE,
        `Could not start reading the identity topics (${error instanceof Error ? error.message : String(error)}); check KAFKA_BROKERS.`,
        { cause: error },
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    this.consumer = consumer;
    this.options.logger.info({ groupId: this.groupId }, 'identity state consumer started');
  }

  /**
   * Leaves the group and deletes it. A group that never committed would also be dropped by the
   * broker's periodic cleanup of empty groups without offsets (`offsets.retention.check.interval.ms`,
   * 10 minutes by default), which is what happens to the group of a proxy that crashed.
   */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer === undefined) return;
    await consumer.disconnect();
    const admin = this.factory.createAdmin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error) {
      this.options.logger.warn(
        { groupId: this.groupId, err: error instanceof Error ? error.message : String(error) },
        'identity state group not deleted; the broker drops it with its empty groups',
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async startBounds(admin: Admin): Promise<PartitionBounds[]> {
    const present = new Set(await admin.listTopics());
    const missing = IDENTITY_STATE_EVENTS.filter((def) => !present.has(def.topic));
    if (missing.length > 0) {
      // Normally the auth service provisions these; creating them here lets a proxy start first.
      await ensureTopics(admin, missing, {
        partitions: this.options.partitions,
        replicationFactor: this.options.replicationFactor,
        logger: this.options.logger,
      });
    }
    const bounds: PartitionBounds[] = [];
    for (const def of IDENTITY_STATE_EVENTS) {
      for (const offsets of await admin.fetchTopicOffsets(def.topic)) {
        bounds.push({ topic: def.topic, partition: offsets.partition, low: offsets.low, high: offsets.high });
      }
    }
    return bounds;
  }

  private applyBatch({ batch }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      const outcome = this.options.state.apply({
        topic: batch.topic,
        key: message.key === null ? null : message.key.toString('utf8'),
        value: message.value,
        headers: headersToStrings(message.headers),
      });
      if (outcome.kind === 'skipped') {
        this.options.logger.warn(
          { topic: batch.topic, partition: batch.partition, offset: message.offset, reason: outcome.reason },
          'identity record skipped',
        );
      }
    }
    return Promise.resolve();
  }

  private onBatchDone(topic: string, partition: number, lastOffset: string): void {
    const tracker = this.tracker;
    if (tracker === undefined || tracker.caughtUp) return;
    tracker.processed(topic, partition, lastOffset);
    if (tracker.caughtUp) {
      this.options.logger.info(
        { groupId: this.groupId, ms: Date.now() - this.startedAtMs, applied: this.options.state.appliedCounts() },
        'identity state caught up',
      );
    }
  }
}
