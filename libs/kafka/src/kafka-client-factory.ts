import {
  Kafka,
  logLevel,
  type Admin,
  type KafkaConfig as KafkaJsConfig,
  type SASLOptions,
} from 'kafkajs';
import { EventProducer, type EventProducerOptions } from './event-producer';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  describeKafkaConfig,
  type KafkaConfig,
} from './kafka-config';
import { kafkaLogCreator } from './kafka-log-bridge';
import type { KafkaLogger } from './kafka-logger';
import { fixKafkaJsIdleRequestQueue, PATCHED_KAFKAJS_VERSION } from './request-queue-idle-fix';

/** Builds kafkajs options from Gatehouse's config; pure so it can be unit tested. */
export function toKafkaJsConfig(config: KafkaConfig, logger: KafkaLogger): KafkaJsConfig {
  const options: KafkaJsConfig = {
    clientId: config.clientId,
    brokers: [...config.brokers],
    connectionTimeout: config.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeout: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // INFO lets warnings and errors through; the bridge decides what reaches the service log.
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(logger),
    // Short client-level retries: callers (batching publisher, consumer) own the longer policy.
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
  };
  if (config.ssl !== undefined) options.ssl = config.ssl;
  if (config.sasl) options.sasl = toSasl(config.sasl);
  return options;
}

function toSasl(sasl: NonNullable<KafkaConfig['sasl']>): SASLOptions {
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username: sasl.username, password: sasl.password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password };
  }
}

/** One place that turns config into connected kafkajs clients, logging only the redacted config. */
export class KafkaClientFactory {
  private readonly kafka: Kafka;

  constructor(
    readonly config: KafkaConfig,
    readonly logger: KafkaLogger,
  ) {
    if (!fixKafkaJsIdleRequestQueue()) {
      logger.warn(
        { expected: PATCHED_KAFKAJS_VERSION },
        'kafkajs is not the version the idle request-queue fix was written for; it is not applied (request-queue-idle-fix.ts)',
      );
    }
    this.kafka = new Kafka(toKafkaJsConfig(config, logger));
    logger.debug({ kafka: describeKafkaConfig(config) }, 'kafka client configured');
  }

  get client(): Kafka {
    return this.kafka;
  }

  /** A validating idempotent producer on this client; call connect() before use. */
  createProducer(options: Omit<EventProducerOptions, 'kafka' | 'logger'> = {}): EventProducer {
    return new EventProducer({ ...options, kafka: this.kafka, logger: this.logger });
  }

  /** An admin client for ensureTopics and the health probe; call connect() before use. */
  createAdmin(): Admin {
    return this.kafka.admin();
  }
}
