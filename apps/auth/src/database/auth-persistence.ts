import { ALL_EVENTS, type AnyEventDefinition } from '@gatehouse/contracts';
import {
  ensureTopics,
  KafkaClientFactory,
  type EventProducer,
  type KafkaLogger,
} from '@gatehouse/kafka';
import type { DataSource } from 'typeorm';
import { createAuthDirectory, type AuthDirectory } from '../directory/auth-directory';
import type { Clock } from '../directory/clock';
import { KeyEncryption } from '../directory/key-encryption';
import { OutboxRelay } from '../outbox/outbox-relay';
import { createAuthDataSource } from './auth-data-source';
import { migrateAuthDatabase } from './migrate-auth-database';

export interface AuthPersistenceOptions {
  databaseUrl: string;
  brokers: readonly string[];
  logger: KafkaLogger;
  /** AUTH_KEY_ENCRYPTION_KEY; without it there is no signing key store. */
  keyEncryptionKey?: string;
  topicPartitions?: number;
  topicReplicationFactor?: number;
  schema?: string;
  clock?: Clock;
}

/** The topics the auth service writes through its outbox: identity events and policy snapshots. */
export const AUTH_OUTBOX_EVENTS: readonly AnyEventDefinition[] = ALL_EVENTS.filter(
  (definition) =>
    definition.topic.startsWith('gatehouse.identity.') ||
    definition.topic.startsWith('gatehouse.policy.'),
);

/**
 * Everything the auth service keeps in PostgreSQL and sends to Kafka, with its lifecycle:
 * `start()` migrates the schema, provisions the identity topics, connects the producer and
 * starts the outbox relay; `stop()` lets the relay finish its batch, then closes connections.
 * The directory services are usable as soon as `start()` resolved.
 */
export class AuthPersistence {
  readonly dataSource: DataSource;
  readonly directory: AuthDirectory;
  private readonly kafka: KafkaClientFactory;
  private readonly producer: EventProducer;
  private readonly relay: OutboxRelay;

  constructor(private readonly options: AuthPersistenceOptions) {
    this.dataSource = createAuthDataSource({ url: options.databaseUrl, schema: options.schema });
    this.directory = createAuthDirectory({
      dataSource: this.dataSource,
      clock: options.clock,
      keyEncryption:
        options.keyEncryptionKey === undefined
          ? undefined
          : new KeyEncryption(options.keyEncryptionKey),
    });
    this.kafka = new KafkaClientFactory(
      { brokers: options.brokers, clientId: 'gatehouse-auth' },
      options.logger,
    );
    this.producer = this.kafka.createProducer();
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      sender: this.producer,
      logger: options.logger,
      listenUrl: options.databaseUrl,
    });
  }

  /** Idempotent, so a caller may retry it while PostgreSQL or Kafka is still coming up. */
  async start(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    await migrateAuthDatabase(this.dataSource);
    const admin = this.kafka.createAdmin();
    await admin.connect();
    try {
      await ensureTopics(admin, AUTH_OUTBOX_EVENTS, {
        partitions: this.options.topicPartitions ?? 3,
        replicationFactor: this.options.topicReplicationFactor ?? 1,
        logger: this.options.logger,
      });
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
    if (!this.relay.running) await this.relay.start();
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.producer.disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
