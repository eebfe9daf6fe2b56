import type { Admin } from 'kafkajs';
import { describeError } from './dead-letter';
import { KafkaErrorCode } from './kafka-error';

export interface HealthResult {
  readonly ok: boolean;
  readonly detail: string;
}

/** What the health check asks the cluster; `adminProbe` adapts a kafkajs Admin. */
export interface ClusterProbe {
  describeCluster(): Promise<{
    brokers: readonly unknown[];
    controller: number | null;
    clusterId: string;
  }>;
}

/** Connects the admin on first use and again after a failure, then describes the cluster. */
export function adminProbe(admin: Pick<Admin, 'connect' | 'describeCluster'>): ClusterProbe {
  let connected = false;
  return {
    async describeCluster() {
      try {
        if (!connected) {
          await admin.connect();
          connected = true;
        }
        return await admin.describeCluster();
      } catch (error) {
        connected = false;
        throw error;
      }
    },
  };
}

export interface KafkaHealthOptions {
  probe: ClusterProbe;
  /** Longest a check waits for the cluster before reporting not ready. */
  timeoutMs?: number;
  /** A result is reused this long, so a readiness probe every second costs one request per window. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Readiness of the Kafka connection for `/readyz`. Concurrent checks share one probe, and a
 * probe still hanging from an earlier timeout is reused instead of starting another, so a dead
 * cluster cannot pile up requests.
 */
export class KafkaHealth {
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private cached: { result: HealthResult; at: number } | undefined;
  private pendingProbe: Promise<HealthResult> | undefined;

  constructor(private readonly options: KafkaHealthOptions) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.cacheMs = options.cacheMs ?? 1_500;
    this.now = options.now ?? Date.now;
  }

  async check(): Promise<HealthResult> {
    const cached = this.cached;
    if (cached !== undefined && this.now() - cached.at < this.cacheMs) return cached.result;
    const result = await this.withTimeout(this.probeOnce());
    this.cached = { result, at: this.now() };
    return result;
  }

  private probeOnce(): Promise<HealthResult> {
    if (this.pendingProbe === undefined) {
      this.pendingProbe = this.options.probe
        .describeCluster()
        .then(
          (cluster): HealthResult =>
            cluster.brokers.length > 0
              ? {
                  ok: true,
                  detail: `kafka: ${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'none'}, cluster ${cluster.clusterId}`,
                }
              : { ok: false, detail: `kafka: cluster ${cluster.clusterId} reports no brokers` },
          (error: unknown): HealthResult => ({
            ok: false,
            detail: `kafka: ${KafkaErrorCode.BROKER_UNAVAILABLE}: ${describeError(error)}`,
          }),
        )
        .finally(() => {
          this.pendingProbe = undefined;
        });
    }
    return this.pendingProbe;
  }

  private withTimeout(probe: Promise<HealthResult>): Promise<HealthResult> {
    let handle: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthResult>((resolve) => {
      handle = setTimeout(
        () =>
          resolve({
            ok: false,
            detail: `kafka: ${KafkaErrorCode.BROKER_UNAVAILABLE}: no answer within ${this.timeoutMs} ms; check KAFKA_BROKERS`,
          }),
        this.timeoutMs,
      );
    });
    return Promise.race([probe, timeout]).finally(() => clearTimeout(handle));
  }
}
