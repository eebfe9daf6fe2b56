import { z } from 'zod';
import type { AnyEventDefinition } from '../define-event';
import { sampleEvents } from '../fixtures';
import { eventByTopic } from '../registry';
import { Topics } from '../topics';

type TopicKey = keyof typeof Topics;

interface Case {
  readonly key: TopicKey;
  readonly definition: AnyEventDefinition;
  readonly sample: () => Record<string, unknown>;
}

const cases: Case[] = (Object.keys(Topics) as TopicKey[]).map((key) => {
  const definition = eventByTopic(Topics[key]);
  if (!definition) throw new Error(`no definition for ${Topics[key]}`);
  const builder = sampleEvents[key] as () => object;
  return { key, definition, sample: () => ({ ...builder() }) as Record<string, unknown> };
});

function requiredFields(definition: AnyEventDefinition): Set<string> {
  const jsonSchema = z.toJSONSchema(definition.schema, { io: 'input', reused: 'inline' }) as {
    required?: string[];
  };
  return new Set(jsonSchema.required ?? []);
}

describe.each(cases.map((c) => [c.definition.type, c] as const))(
  '%s',
  (_type, { key, definition, sample }) => {
    it('accepts its sample event', () => {
      const result = definition.schema.safeParse(sample());
      expect(result.error?.issues ?? []).toEqual([]);
      expect(result.success).toBe(true);
    });

    it('has a sample whose type and version match the definition', () => {
      expect(sample()).toMatchObject({ type: definition.type, version: definition.version });
    });

    it('rejects an unknown top-level field', () => {
      expect(
        definition.schema.safeParse({ ...sample(), promptText: 'never carried' }).success,
      ).toBe(false);
    });

    it('rejects another version and another type', () => {
      expect(
        definition.schema.safeParse({ ...sample(), version: definition.version + 1 }).success,
      ).toBe(false);
      expect(definition.schema.safeParse({ ...sample(), type: 'other.event' }).success).toBe(false);
    });

    it('enforces every required field and allows leaving out the optional ones', () => {
      const required = requiredFields(definition);
      expect(required.has('id')).toBe(true);
      expect(required.has('occurredAt')).toBe(true);
      for (const field of Object.keys(sample())) {
        const { [field]: _removed, ...rest } = sample();
        expect({ field, accepted: definition.schema.safeParse(rest).success }).toEqual({
          field,
          accepted: !required.has(field),
        });
      }
    });

    it('rejects a timestamp without an offset', () => {
      expect(
        definition.schema.safeParse({ ...sample(), occurredAt: '2025-01-15 10:00:00' }).success,
      ).toBe(false);
    });

    it('derives the same key from equal events, independent of field order', () => {
      const event = definition.schema.parse(sample());
      const reordered = Object.fromEntries(Object.entries(sample()).reverse());
      const key1 = definition.key(event);
      expect(typeof key1).toBe('string');
      expect(key1.length).toBeGreaterThan(0);
      expect(definition.key(definition.schema.parse(sample()))).toBe(key1);
      expect(definition.key(definition.schema.parse(reordered))).toBe(key1);
      expect(
        definition.key({ ...event, id: 'evt_other', occurredAt: '2030-01-01T00:00:00Z' }),
      ).toBe(key1);
    });

    it(`is reachable as sampleEvents.${key}`, () => {
      expect(Topics[key]).toBe(definition.topic);
    });
  },
);

describe('partition keys of the sample events', () => {
  it.each([
    ['usageRequestCompleted', 'usr_example_alice'],
    ['identityUserChanged', 'usr_example_alice'],
    ['identitySessionRevoked', 'ses_example_0001'],
    ['identityLogin', 'usr_example_alice'],
    ['identitySigningKey', 'example-key-2025-01'],
    ['identityServiceAccountKey', 'sak_example_0001'],
    ['identityRoleMappingChanged', 'rm_example_0001'],
    ['budgetState', 'user:usr_example_alice'],
    ['budgetAlert', 'user:usr_example_alice'],
    ['policySnapshot', 'pol_example_0001'],
    ['auditRecord', 'org_example_acme'],
    ['mcpToolCall', 'usr_example_alice'],
  ] as const)('%s is keyed %s', (key, expected) => {
    const testCase = cases.find((c) => c.key === key);
    expect(testCase).toBeDefined();
    if (testCase)
      expect(testCase.definition.key(testCase.definition.schema.parse(testCase.sample()))).toBe(
        expected,
      );
  });
});
