import { integer, kafkaBrokers, secret, url } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

/** Environment of the auth service; docs/configuration.md lists every variable. */
export const authConfigSchema = z.object({
  ...serviceConfigShape({ port: 4001 }),
  KAFKA_BROKERS: kafkaBrokers(),
  DATABASE_URL: url({
    protocols: ['postgres', 'postgresql'],
    example: 'postgres://postgres@127.0.0.1:5432/gatehouse',
  }),
  /** 32 random bytes, base64: encrypts the token-signing private keys at rest. */
  AUTH_KEY_ENCRYPTION_KEY: secret(z.string().trim().min(1)).optional(),
  KAFKA_TOPIC_PARTITIONS: integer({ min: 1, max: 1000, example: '3' }).default(3),
  KAFKA_REPLICATION_FACTOR: integer({ min: 1, max: 10, example: '3' }).default(1),
});

export type AuthConfig = z.output<typeof authConfigSchema>;
