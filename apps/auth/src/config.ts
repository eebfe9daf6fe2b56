import { kafkaBrokers, url } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

/** Environment of the auth service; docs/configuration.md lists every variable. */
export const authConfigSchema = z.object({
  ...serviceConfigShape({ port: 4001 }),
  KAFKA_BROKERS: kafkaBrokers(),
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'], example: 'postgres://postgres@127.0.0.1:5432/gatehouse' }),
});

export type AuthConfig = z.output<typeof authConfigSchema>;
