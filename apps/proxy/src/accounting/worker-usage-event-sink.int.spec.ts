import type { RequestCompletedV1 } from '@gatehouse/contracts';
import { PriceCatalog } from '@gatehouse/pricing';
import {
  collectMessages,
  deleteTestTopics,
  kafkaBrokersForTests,
  SCHED_IDLE,
  SCHED_OTHER,
  threadPoliciesNamed,
  uniqueTopicSuffix,
  waitFor,
} from '@gatehouse/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { KafkaLogger } from '@gatehouse/kafka';
import { probeIdleScheduling } from '../runtime/thread-scheduling';
import { buildUsageEvent } from './usage-event-builder';
import { WorkerUsageEventSink, type WorkerUsageEventSinkOptions } from './worker-usage-event-sink';

const catalog = new PriceCatalog();

/** A valid event as the proxy builds it (an upstream failure: no usage, so no tap is needed). */
function usageEvent(requestId: string): RequestCompletedV1 {
  return buildUsageEvent(
    {
      requestId,
      startedAtEpochMs: Date.parse('2026-11-24T10:00:00Z'),
      latencyMs: 12,
      principal: {
        type: 'user',
        id: 'usr_worker',
        teamId: 'team_worker',
        orgId: 'org_worker',
        roles: ['developer'],
        email: 'worker@example.com',
      },
      modelRequested: 'claude-sonnet-4-5',
      modelServed: 'claude-sonnet-4-5',
      provider: 'anthropic',
      upstreamId: 'anthropic',
      upstreamRequestId: null,
      stream: false,
      usage: null,
      httpStatus: 529,
      errorType: 'overloaded_error',
      clientAborted: false,
      claudeCodeSessionId: null,
      userAgent: 'worker-test',
      clientIp: '127.0.0.1',
    },
    catalog,
  );
}

const lines: Array<{ level: string; msg: string }> = [];
const logger: KafkaLogger = {
  debug: (_fields, msg) => lines.push({ level: 'debug', msg }),
  info: (_fields, msg) => lines.push({ level: 'info', msg }),
  warn: (_fields, msg) => lines.push({ level: 'warn', msg }),
  error: (_fields, msg) => lines.push({ level: 'error', msg }),
};

/** The request ids of the first `count` usage events in the topic. */
async function requestIdsIn(topic: string, count: number): Promise<string[]> {
  const messages = await collectMessages(topic, { count, timeoutMs: 30_000 });
  return messages.map(
    (message) => (JSON.parse(message.value ?? '{}') as RequestCompletedV1).requestId,
  );
}

/** Waits (up to 20 s) for a restarted worker to report the sink ready again. */
async function untilHealthy(sink: WorkerUsageEventSink): Promise<void> {
  await waitFor(() => sink.health().ok, 20_000);
}

/** Policies of the usage worker threads (a worker an earlier test stopped may not have exited yet). */
const usageWorkerPolicies = (): number[] => threadPoliciesNamed('gatehouse-usage');

describe('WorkerUsageEventSink (real Kafka, worker thread)', () => {
  const brokers = kafkaBrokersForTests();
  const topics: string[] = [];
  const dirs: string[] = [];

  function options(): WorkerUsageEventSinkOptions {
    const topic = `gatehouse.usage.worker-test.${uniqueTopicSuffix()}`;
    topics.push(topic);
    const journalDirectory = mkdtempSync(join(tmpdir(), 'gatehouse-usage-worker-'));
    dirs.push(journalDirectory);
    return { brokers, topic, partitions: 3, replicationFactor: 1, journalDirectory, logger };
  }

  afterAll(async () => {
    await deleteTestTopics(topics).catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every published event to Kafka once, including those still pending at close', async () => {
    const settings = options();
    const sink = await WorkerUsageEventSink.start(settings);
    const ids: string[] = Array.from({ length: 600 }, () => randomUUID());
    // More than one hand-over batch at once, then a tail that only close() hands over.
    for (const id of ids.slice(0, 590)) sink.publish(usageEvent(id));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const id of ids.slice(590)) sink.publish(usageEvent(id));
    expect(sink.health().ok).toBe(true);
    await sink.close();

    const seen = await requestIdsIn(settings.topic, ids.length);
    expect(new Set(seen).size).toBe(ids.length);
    expect(seen.sort()).toEqual([...ids].sort());
    // The worker's log lines reach the caller's logger; a healthy run has no errors among them.
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('fails to start with the journal lock reason when another sink holds the directory', async () => {
    const settings = options();
    const first = await WorkerUsageEventSink.start(settings);
    try {
      await expect(WorkerUsageEventSink.start({ ...settings })).rejects.toThrow(
        /in use by process/,
      );
    } finally {
      await first.close();
    }
  });

  it('restarts a worker that died and delivers what waited for it', async () => {
    const settings = options();
    const sink = await WorkerUsageEventSink.start({ ...settings, restartDelayMs: 100 });
    const before = Array.from({ length: 200 }, () => randomUUID());
    const after = Array.from({ length: 100 }, () => randomUUID());
    try {
      for (const id of before) sink.publish(usageEvent(id));
      await collectMessages(settings.topic, { count: before.length, timeoutMs: 30_000 });

      // The worker thread dies (as on a fatal error inside it); its journal lock stays behind.
      await (sink as unknown as { worker: Worker }).worker.terminate();
      for (const id of after) sink.publish(usageEvent(id));
      expect(sink.health()).toEqual({
        ok: false,
        detail: expect.stringMatching(/exited .*restarting/),
      });

      await untilHealthy(sink);
    } finally {
      await sink.close();
    }

    const seen = await requestIdsIn(settings.topic, before.length + after.length);
    expect(new Set(seen)).toEqual(new Set([...before, ...after]));
    expect(lines.some((line) => line.msg === 'usage worker restarted')).toBe(true);
  });

  it('hands the events a dying worker had not yet settled to its replacement', async () => {
    const settings = options();
    const sink = await WorkerUsageEventSink.start({ ...settings, restartDelayMs: 100 });
    // 300 ≥ one hand-over batch: 256 are posted at once, inside the worker's 200 ms settle window
    // when it dies (in its batching buffer or still in its inbox); the other 44 wait here.
    const ids = Array.from({ length: 300 }, () => randomUUID());
    try {
      for (const id of ids) sink.publish(usageEvent(id));
      await (sink as unknown as { worker: Worker }).worker.terminate();

      await untilHealthy(sink);
    } finally {
      await sink.close();
    }

    expect(new Set(await requestIdsIn(settings.topic, ids.length))).toEqual(new Set(ids));
  });

  it('idles the worker thread while it keeps up and gives it normal scheduling when it falls behind', async () => {
    const support = await probeIdleScheduling(5);
    const settings = options();
    const sink = await WorkerUsageEventSink.start({
      ...settings,
      idleScheduling: { promoteAbove: 100, calmMs: 60_000 },
    });
    const ids = Array.from({ length: 300 }, () => randomUUID());
    try {
      if (!support.ok) {
        // Here the worker keeps nice 5, and the start says why.
        expect(usageWorkerPolicies()).toEqual([SCHED_OTHER]);
        expect(lines.some((line) => line.msg.startsWith('usage worker keeps nice 5'))).toBe(true);
        return;
      }
      expect(usageWorkerPolicies()).toContain(SCHED_IDLE);
      // One hand-over of 256 leaves 256 > 100 unsettled until the worker reports them.
      for (const id of ids) sink.publish(usageEvent(id));
      const promoted = (): boolean =>
        lines.some((line) => line.msg.startsWith('usage worker is behind'));
      await waitFor(promoted);
      expect(usageWorkerPolicies()).not.toContain(SCHED_IDLE);
    } finally {
      await sink.close();
    }
    expect(new Set(await requestIdsIn(settings.topic, ids.length))).toEqual(new Set(ids));
  });
});
