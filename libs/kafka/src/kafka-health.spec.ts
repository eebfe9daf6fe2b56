import { KafkaHealth, type ClusterProbe } from './kafka-health';

/** A probe whose answers the test scripts; counts calls to show caching and sharing. */
class ScriptedProbe implements ClusterProbe {
  calls = 0;
  constructor(
    private readonly answer: () => Promise<{
      brokers: unknown[];
      controller: number | null;
      clusterId: string;
    }>,
  ) {}
  describeCluster() {
    this.calls += 1;
    return this.answer();
  }
}

const healthyCluster = async () => ({ brokers: [{ nodeId: 1 }], controller: 1, clusterId: 'c-1' });

describe('KafkaHealth', () => {
  it('given a cluster with brokers, then it is ready and says which cluster', async () => {
    const health = new KafkaHealth({ probe: new ScriptedProbe(healthyCluster) });
    await expect(health.check()).resolves.toEqual({
      ok: true,
      detail: 'kafka: 1 broker(s), controller 1, cluster c-1',
    });
  });

  it('given a failing probe, then it is not ready and the detail names the cause', async () => {
    const health = new KafkaHealth({
      probe: new ScriptedProbe(() => Promise.reject(new Error('ECONNREFUSED'))),
    });
    const result = await health.check();
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('BROKER_UNAVAILABLE: Error: ECONNREFUSED');
  });

  it('given a probe that never answers, then it reports not ready after the timeout', async () => {
    const health = new KafkaHealth({
      probe: new ScriptedProbe(() => new Promise(() => undefined)),
      timeoutMs: 20,
    });
    const result = await health.check();
    expect(result).toEqual({
      ok: false,
      detail: expect.stringContaining('no answer within 20 ms'),
    });
  });

  it('reuses a result within the cache window and probes again after it', async () => {
    let now = 1_000;
    const probe = new ScriptedProbe(healthyCluster);
    const health = new KafkaHealth({ probe, cacheMs: 1_500, now: () => now });
    await health.check();
    now += 1_000;
    await health.check();
    expect(probe.calls).toBe(1);
    now += 600;
    await health.check();
    expect(probe.calls).toBe(2);
  });

  it('shares one probe between concurrent checks', async () => {
    const probe = new ScriptedProbe(healthyCluster);
    const health = new KafkaHealth({ probe });
    const results = await Promise.all([health.check(), health.check(), health.check()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(probe.calls).toBe(1);
  });
});
