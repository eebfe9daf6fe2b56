import { z } from 'zod';
import { ENTITY_ID_PATTERN } from '../../common';

/**
 * Whom a budget limits, written `user:<id>`, `team:<id>` or `org:<id>`. The string form is the
 * Kafka key of the budget topics, so it must be exactly one canonical spelling per subject.
 */
export const budgetSubject = z
  .string()
  .regex(new RegExp(`^(user|team|org):${ENTITY_ID_PATTERN.source.slice(1, -1)}$`))
  .describe('Budget subject: `user:<id>`, `team:<id>` or `org:<id>`.');

export type BudgetSubject = z.infer<typeof budgetSubject>;

export const budgetPeriod = z
  .enum(['day', 'week', 'month'])
  .describe('Length of the budget window (UTC calendar).');
