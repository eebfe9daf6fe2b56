import type { AnyEventDefinition, EventOf } from './define-event';
import {
  AuditRecordV1Definition,
  BudgetAlertV1Definition,
  BudgetStateV1Definition,
  LoginV1Definition,
  McpToolCallV1Definition,
  PolicySnapshotV1Definition,
  RequestCompletedV1Definition,
  RoleMappingChangedV1Definition,
  ServiceAccountKeyV1Definition,
  SessionRevokedV1Definition,
  SigningKeyV1Definition,
  UserChangedV1Definition,
} from './events';

/** Every event the platform carries, in reference-page order (by domain, then name). */
export const ALL_EVENTS = [
  RequestCompletedV1Definition,
  UserChangedV1Definition,
  SessionRevokedV1Definition,
  LoginV1Definition,
  SigningKeyV1Definition,
  ServiceAccountKeyV1Definition,
  RoleMappingChangedV1Definition,
  BudgetStateV1Definition,
  BudgetAlertV1Definition,
  PolicySnapshotV1Definition,
  AuditRecordV1Definition,
  McpToolCallV1Definition,
] as const satisfies readonly AnyEventDefinition[];

/** Union of every event payload type, for code that handles any of them (sinks, the SIEM mapper). */
export type AnyGatehouseEvent = EventOf<(typeof ALL_EVENTS)[number]>;

const BY_TOPIC: ReadonlyMap<string, AnyEventDefinition> = new Map(
  ALL_EVENTS.map((definition): [string, AnyEventDefinition] => [definition.topic, definition]),
);

/** The definition travelling on a topic, or undefined for a topic Gatehouse does not define. */
export function eventByTopic(topic: string): AnyEventDefinition | undefined {
  return BY_TOPIC.get(topic);
}

/** Topics that must be created with `cleanup.policy=compact` (state a cold consumer rebuilds from). */
export const COMPACTED_TOPICS: readonly string[] = ALL_EVENTS.filter(
  (definition) => definition.retention.kind === 'compacted',
).map((definition) => definition.topic);

/** Topics with time-based retention (`cleanup.policy=delete`). */
export const LOG_TOPICS: readonly string[] = ALL_EVENTS.filter(
  (definition) => definition.retention.kind === 'log',
).map((definition) => definition.topic);
