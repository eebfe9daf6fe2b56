import { kafkaBrokers, url } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';

/** Environment of the budget service; docs/configuration.md lists every variable. */
export const budgetConfigSchema = z.object({
  ...serviceConfigShape({ port: 4002 }),
  KAFKA_BROKERS: kafkaBrokers(),
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'], example: 'postgres://postgres@127.0.0.1:5432/gatehouse' }),
});

export type BudgetConfig = z.output<typeof budgetConfigSchema>;
