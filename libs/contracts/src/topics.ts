import { ContractsError, ContractsErrorCode } from './contracts-error';
import { topicName } from './define-event';

/**
 * Every topic name the platform uses, in one place, so producers and consumers refer to
 * `Topics.usageRequestCompleted` instead of spelling strings. Each event definition takes its
 * topic from here; the registry test checks both agree with the naming rule.
 */
export const Topics = {
  usageRequestCompleted: topicName('usage', 'request-completed', 1),
  identityUserChanged: topicName('identity', 'user-changed', 1),
  identitySessionRevoked: topicName('identity', 'session-revoked', 1),
  identityLogin: topicName('identity', 'login', 1),
  identitySigningKey: topicName('identity', 'signing-key', 1),
  identityServiceAccountKey: topicName('identity', 'service-account-key', 1),
  identityRoleMappingChanged: topicName('identity', 'role-mapping-changed', 1),
  budgetState: topicName('budget', 'state', 1),
  budgetAlert: topicName('budget', 'alert', 1),
  policySnapshot: topicName('policy', 'snapshot', 1),
  auditRecord: topicName('audit', 'record', 1),
  mcpToolCall: topicName('mcp', 'tool-call', 1),
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Suffix of the dead-letter topic that receives events a consumer could not process. */
export const DEAD_LETTER_SUFFIX = '.dlq';

/**
 * Dead-letter topic for a topic: `<topic>.dlq`, e.g. `gatehouse.usage.request-completed.v1.dlq`.
 * One per source topic (not one shared) so a poison event can be replayed to exactly that topic
 * after a fix. Dead-letter topics are never compacted, whatever their source: compaction would
 * keep only the last rejected message per key (libs/kafka provisions them with 14 days' retention).
 */
export function deadLetterTopic<T extends string>(topic: T): `${T}.dlq` {
  if (topic.endsWith(DEAD_LETTER_SUFFIX)) {
    throw new ContractsError(
      ContractsErrorCode.DeadLetterOfDeadLetter,
      `"${topic}" is already a dead-letter topic; dead letters are not dead-lettered again`,
    );
  }
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}
