import { releaseVersion } from '@gatehouse/config';
import {
  BackgroundStart,
  bootstrapService,
  kafkaClusterCheck,
  postgresCheck,
} from '@gatehouse/service-kit';
import { AppModule } from './app.module';
import { authConfigSchema } from './config';
import { AuthPersistence } from './database/auth-persistence';

void bootstrapService({
  name: 'auth',
  version: releaseVersion(),
  configSchema: authConfigSchema,
  module: ({ config, logger, addReadinessCheck, onShutdown }) => {
    const persistence = new AuthPersistence({
      databaseUrl: config.DATABASE_URL,
      brokers: config.KAFKA_BROKERS,
      logger: logger.child({ component: 'auth-persistence' }),
      keyEncryptionKey: config.AUTH_KEY_ENCRYPTION_KEY,
      topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: config.KAFKA_REPLICATION_FACTOR,
    });
    // Migrations, identity topics and the outbox relay start in the background and are retried
    // while PostgreSQL or Kafka is down; /readyz reports `directory` until they run.
    const directory = new BackgroundStart({
      name: 'directory',
      logger,
      start: () => persistence.start(),
      stop: () => persistence.stop(),
    });
    onShutdown('stop directory and outbox relay', () => directory.stop());

    addReadinessCheck(
      kafkaClusterCheck({
        brokers: config.KAFKA_BROKERS,
        clientId: 'gatehouse-auth-readiness',
        logger: logger.child({ component: 'kafka' }),
      }),
    );
    addReadinessCheck(postgresCheck(config.DATABASE_URL));
    addReadinessCheck(directory);
    directory.begin();
    return AppModule.register(config, persistence.directory);
  },
});
