import { z } from 'zod';
import { entityId, isoDateTime, microUsd, Retention } from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';
import { budgetPeriod, budgetSubject } from './budget-subject';

/**
 * The budget service's current view of one subject's spend, published whenever it changes
 * materially. Proxies admit or refuse requests from this in memory; it is eventually consistent
 * with the ledger, and the proxy's own reservations cover the gap.
 */
export const budgetStateV1Schema = z
  .strictObject({
    type: z.literal('budget.state'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    subject: budgetSubject,
    budgetId: entityId.describe('Budget definition this state belongs to.'),
    period: budgetPeriod,
    capMicroUsd: microUsd.describe('Spend cap for the window in micro-dollars.'),
    spentMicroUsd: microUsd.describe('Settled spend in the window so far, in micro-dollars.'),
    warningThresholdPercent: z
      .number()
      .int()
      .min(1)
      .max(100)
      .describe('Percentage of the cap at which status becomes `warning`.'),
    windowStart: isoDateTime.describe('Start of the current window (inclusive).'),
    windowEnd: isoDateTime.describe('End of the current window (exclusive).'),
    status: z
      .enum(['ok', 'warning', 'blocked'])
      .describe(
        '`blocked` means the proxy refuses new requests for the subject until the window ends.',
      ),
    revision: z
      .number()
      .int()
      .positive()
      .describe(
        'Monotonic per subject; a consumer ignores a state whose revision is not above the one it holds.',
      ),
  })
  .refine((event) => Date.parse(event.windowStart) < Date.parse(event.windowEnd), {
    message: 'windowStart must be before windowEnd',
    path: ['windowEnd'],
  });

export type BudgetStateV1 = z.infer<typeof budgetStateV1Schema>;

export const BudgetStateV1Definition = defineEvent({
  type: 'budget.state',
  version: 1,
  topic: Topics.budgetState,
  schema: budgetStateV1Schema,
  retention: Retention.compacted,
  description:
    'Current cap, spend, window and status per budget subject. Proxies rebuild their admission view ' +
    'from it at start. One active budget per subject.',
  keyField: 'subject',
  partitioning: 'Keyed by subject: compaction keeps the latest state per user, team and org.',
  key: (event) => event.subject,
});
