import { KafkaClientFactory, KafkaHealth, adminProbe, type KafkaLogger } from '@gatehouse/kafka';
import type { ClosableReadinessCheck, ReadinessCheck } from '../readiness';

/** What `KafkaHealth` from @gatehouse/kafka offers; kept structural so this file needs no Kafka client. */
export interface KafkaHealthLike {
  check(): Promise<{ ok: boolean; detail: string }>;
}

/** Adapts a `KafkaHealth` to the readiness contract. */
export function kafkaCheck(health: KafkaHealthLike, name = 'kafka'): ReadinessCheck {
  return { name, check: () => health.check() };
}

export interface KafkaClusterCheckOptions {
  brokers: readonly string[];
  /** Identifies the probe in broker logs, e.g. `gatehouse-budget-readiness`. */
  clientId: string;
  logger: KafkaLogger;
  timeoutMs?: number;
}

/**
 * A readiness check with its own admin connection that describes the cluster. It is separate from
 * the service's producers and consumers so a probe never waits behind their traffic; close it at
 * shutdown.
 */
export function kafkaClusterCheck(options: KafkaClusterCheckOptions): ClosableReadinessCheck {
  const factory = new KafkaClientFactory(
    { brokers: options.brokers, clientId: options.clientId },
    options.logger,
  );
  const admin = factory.client.admin();
  const health = new KafkaHealth({
    probe: adminProbe(admin),
    timeoutMs: options.timeoutMs ?? 2_000,
  });
  return { ...kafkaCheck(health), close: () => admin.disconnect() };
}
