import { integer, kafkaBrokers, secret, url } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

/** Environment of the audit service; docs/configuration.md lists every variable. */
export const auditConfigSchema = z.object({
  ...serviceConfigShape({ port: 4003 }),
  KAFKA_BROKERS: kafkaBrokers(),
  /** Used when the audit service creates the usage topic because no producer has yet. */
  KAFKA_TOPIC_PARTITIONS: integer({ min: 1, max: 1000, example: '6' }).default(6),
  KAFKA_REPLICATION_FACTOR: integer({ min: 1, max: 10, example: '3' }).default(1),
  CLICKHOUSE_URL: url({ protocols: ['http', 'https'], example: 'http://127.0.0.1:18123' }),
  CLICKHOUSE_DATABASE: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a database name such as gatehouse' })
    .default('gatehouse'),
  CLICKHOUSE_USER: z.string().trim().min(1).default('default'),
  CLICKHOUSE_PASSWORD: secret(z.string()).default(''),
});

export type AuditConfig = z.output<typeof auditConfigSchema>;
