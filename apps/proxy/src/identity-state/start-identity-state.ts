import { BackgroundStart, type ServiceContext } from '@gatehouse/service-kit';
import type { ProxyConfig } from '../config';
import { IdentityState } from './identity-state';
import { IdentityStateConsumer } from './identity-state-consumer';

/**
 * Builds the identity state and starts its consumer in the background (retried while Kafka is
 * down). `/readyz` reports `identity-state` until the topics were read once up to their start-time
 * high-water marks: before that, a revoked session could still pass. After that, a Kafka outage
 * leaves the proxy serving with what it knows (new revocations wait until Kafka is back).
 */
export function startIdentityState(config: ProxyConfig, context: ServiceContext<ProxyConfig>): IdentityState {
  const logger = context.logger.child({ component: 'identity-state' });
  const state = new IdentityState();
  const consumer = new IdentityStateConsumer({
    brokers: config.KAFKA_BROKERS,
    state,
    logger,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  });
  const background = new BackgroundStart({
    name: 'identity-state',
    logger,
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    retryDelayMs: 2_000,
  });
  context.addReadinessCheck(consumer);
  context.onShutdown('leave the identity state consumer group', () => background.stop());
  background.begin();
  return state;
}
