import { z } from 'zod';
import { entityId, isoDateTime, microUsd, Retention } from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';
import { budgetPeriod, budgetSubject } from './budget-subject';

/**
 * Spend crossed a threshold of a cap. Published once per threshold and window: the budget service
 * uses `<budgetId>:<windowStart>:<thresholdPercent>` as the event id, so a replay or a second
 * crossing after a refund does not alert twice.
 */
export const budgetAlertV1Schema = z.strictObject({
  type: z.literal('budget.alert'),
  version: z.literal(1),
  ...eventEnvelopeShape,
  subject: budgetSubject,
  budgetId: entityId.describe('Budget definition whose threshold was crossed.'),
  period: budgetPeriod,
  thresholdPercent: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .describe('Threshold crossed, in percent of the cap (100 = cap reached).'),
  capMicroUsd: microUsd.describe('Cap of the window in micro-dollars.'),
  spentMicroUsd: microUsd.describe('Spend when the threshold was crossed, in micro-dollars.'),
  windowStart: isoDateTime.describe('Start of the window (inclusive).'),
  windowEnd: isoDateTime.describe('End of the window (exclusive).'),
  statusAfter: z.enum(['ok', 'warning', 'blocked']).describe('Budget status after the crossing.'),
});

export type BudgetAlertV1 = z.infer<typeof budgetAlertV1Schema>;

export const BudgetAlertV1Definition = defineEvent({
  type: 'budget.alert',
  version: 1,
  topic: Topics.budgetAlert,
  schema: budgetAlertV1Schema,
  retention: Retention.securityLog,
  description:
    'A budget threshold (e.g. 80 %, 100 %) was crossed; drives notifications and SIEM alerts.',
  keyField: 'subject',
  partitioning:
    "Keyed by subject like the state topic, so a subject's alerts arrive in the order they were raised.",
  key: (event) => event.subject,
});
