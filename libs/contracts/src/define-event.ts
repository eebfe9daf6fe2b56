import { z } from 'zod';

/**
 * Fields every Gatehouse event carries. `id` is the idempotency key consumers deduplicate on;
 * `occurredAt` is when the fact happened (not when it was published).
 */
export const eventEnvelopeShape = {
  id: z
    .string()
    .min(1)
    .max(200)
    .describe('Event id, unique per fact; consumers deduplicate on it.'),
  occurredAt: z.iso
    .datetime({ offset: true })
    .describe('When the fact happened (ISO-8601), not when it was published.'),
};

/** How a topic is kept by the broker. */
export type TopicRetention =
  /** Append-only history; old segments age out by retention time. */
  | { kind: 'log'; retentionMs: number }
  /** Latest value per key is kept forever (state topics a cold consumer rebuilds from). */
  | { kind: 'compacted' };

/**
 * A versioned event on one topic: its schema, the topic it travels on, and how it is keyed.
 * The key decides the partition, so every event about one entity stays in order.
 */
export interface EventDefinition<TType extends string, TSchema extends z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly topic: string;
  readonly schema: TSchema;
  readonly retention: TopicRetention;
  /** Human description for the generated reference page. */
  readonly description: string;
  /** Name of the field the key comes from, for the reference page. */
  readonly keyField: string;
  /** Why events are keyed this way (ordering, compaction, skew), for the reference page. */
  readonly partitioning?: string;
  /** Partition key for one event: events with the same key are delivered in order. */
  key(event: z.infer<TSchema>): string;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> {
  return Object.freeze(definition);
}

/**
 * Topic names follow `gatehouse.<domain>.<name>.v<version>`, with `<name>` in kebab-case. Underscores
 * are avoided on purpose: Kafka maps `.` and `_` to the same metric name, so mixing them collides.
 * The return type keeps the literal, so topic constants stay precise types.
 */
export function topicName<TDomain extends string, TName extends string, TVersion extends number>(
  domain: TDomain,
  name: TName,
  version: TVersion,
): `gatehouse.${TDomain}.${TName}.v${TVersion}` {
  return `gatehouse.${domain}.${name}.v${version}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventDefinition = EventDefinition<string, z.ZodType<any>>;
export type EventOf<D extends AnyEventDefinition> = z.infer<D['schema']>;
