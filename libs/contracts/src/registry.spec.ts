import { ContractsError, ContractsErrorCode } from './contracts-error';
import { topicName } from './define-event';
import { ALL_EVENTS, COMPACTED_TOPICS, eventByTopic, LOG_TOPICS } from './registry';
import { deadLetterTopic, Topics } from './topics';

/** `usage.request_completed` v1 must travel on `gatehouse.usage.request-completed.v1`. */
function expectedTopic(type: string, version: number): string {
  const [domain, name] = type.split('.');
  return topicName(domain, name.replace(/_/g, '-'), version);
}

describe('event registry', () => {
  it.each(ALL_EVENTS.map((definition) => [definition.type, definition] as const))(
    '%s travels on the topic its type and version name',
    (_type, definition) => {
      expect(definition.topic).toBe(expectedTopic(definition.type, definition.version));
      expect(definition.topic).toMatch(/^gatehouse\.[a-z]+\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/);
    },
  );

  it('gives every event its own topic and type', () => {
    expect(new Set(ALL_EVENTS.map((definition) => definition.topic)).size).toBe(ALL_EVENTS.length);
    expect(new Set(ALL_EVENTS.map((definition) => definition.type)).size).toBe(ALL_EVENTS.length);
  });

  it('lists exactly the topics named in Topics', () => {
    expect(ALL_EVENTS.map((definition) => definition.topic).sort()).toEqual(
      Object.values(Topics).sort(),
    );
  });

  it('finds a definition by its topic and nothing for an unknown topic', () => {
    expect(eventByTopic(Topics.budgetState)?.type).toBe('budget.state');
    expect(eventByTopic('gatehouse.budget.state.v2')).toBeUndefined();
    expect(eventByTopic(deadLetterTopic(Topics.budgetState))).toBeUndefined();
  });

  it('splits topics into compacted state topics and log topics', () => {
    expect([...COMPACTED_TOPICS].sort()).toEqual(
      [
        Topics.identityUserChanged,
        Topics.identitySessionRevoked,
        Topics.identitySigningKey,
        Topics.identityServiceAccountKey,
        Topics.budgetState,
        Topics.policySnapshot,
      ].sort(),
    );
    expect(LOG_TOPICS).toContain(Topics.usageRequestCompleted);
    expect(LOG_TOPICS).toContain(Topics.auditRecord);
    expect(COMPACTED_TOPICS.length + LOG_TOPICS.length).toBe(ALL_EVENTS.length);
  });

  it('keeps log topics for whole days', () => {
    for (const definition of ALL_EVENTS) {
      if (definition.retention.kind === 'log') {
        expect(definition.retention.retentionMs % (24 * 60 * 60 * 1000)).toBe(0);
        expect(definition.retention.retentionMs).toBeGreaterThanOrEqual(7 * 24 * 60 * 60 * 1000);
      }
    }
  });

  it('documents every definition for the reference page', () => {
    for (const definition of ALL_EVENTS) {
      expect(definition.description.length).toBeGreaterThan(20);
      expect(definition.keyField.length).toBeGreaterThan(0);
      expect(definition.partitioning?.length ?? 0).toBeGreaterThan(20);
    }
  });
});

describe('deadLetterTopic', () => {
  it('appends .dlq to the source topic', () => {
    expect(deadLetterTopic(Topics.usageRequestCompleted)).toBe(
      'gatehouse.usage.request-completed.v1.dlq',
    );
  });

  it('refuses to dead-letter a dead-letter topic', () => {
    const attempt = () => deadLetterTopic('gatehouse.usage.request-completed.v1.dlq');
    expect(attempt).toThrow(ContractsError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: ContractsErrorCode.DeadLetterOfDeadLetter }),
    );
  });
});
