import { kafkaBrokers, secret, url } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

/** Environment of the audit service; docs/configuration.md lists every variable. */
export const auditConfigSchema = z.object({
  ...serviceConfigShape({ port: 4003 }),
  KAFKA_BROKERS: kafkaBrokers(),
  CLICKHOUSE_URL: url({ protocols: ['http', 'https'], example: 'http://127.0.0.1:18123' }),
  CLICKHOUSE_DATABASE: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected a database name such as gatehouse' }).default('gatehouse'),
  CLICKHOUSE_USER: z.string().trim().min(1).default('default'),
  CLICKHOUSE_PASSWORD: secret(z.string()).default(''),
});

export type AuditConfig = z.output<typeof auditConfigSchema>;
