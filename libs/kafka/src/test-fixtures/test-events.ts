import { defineEvent, eventEnvelopeShape } from '@gatehouse/contracts';
import { z } from 'zod';

/**
 * Small events used only by this library's tests, so they do not depend on the platform's
 * real event catalogue. `topicSuffix` keeps integration runs from colliding.
 */
export const widgetChangedSchema = z.strictObject({
  ...eventEnvelopeShape,
  type: z.literal('test.widget-changed'),
  version: z.literal(1),
  widgetId: z.string().min(1),
  size: z.number().int().nonnegative(),
});

export type WidgetChangedV1 = z.infer<typeof widgetChangedSchema>;

export function widgetChangedEvent(topic: string) {
  return defineEvent({
    type: 'test.widget-changed',
    version: 1,
    topic,
    schema: widgetChangedSchema,
    retention: { kind: 'log', retentionMs: 60 * 60 * 1000 },
    description: 'Test event: a widget changed size.',
    keyField: 'widgetId',
    key: (event) => event.widgetId,
  });
}

export const widgetStateSchema = z.strictObject({
  ...eventEnvelopeShape,
  type: z.literal('test.widget-state'),
  version: z.literal(1),
  widgetId: z.string().min(1),
  enabled: z.boolean(),
});

export function widgetStateEvent(topic: string) {
  return defineEvent({
    type: 'test.widget-state',
    version: 1,
    topic,
    schema: widgetStateSchema,
    retention: { kind: 'compacted' },
    description: 'Test state event: whether a widget is enabled, keyed by widget.',
    keyField: 'widgetId',
    key: (event) => event.widgetId,
  });
}

let counter = 0;

export function aWidgetChanged(overrides: Partial<WidgetChangedV1> = {}): WidgetChangedV1 {
  counter += 1;
  return {
    id: `evt-${counter}`,
    occurredAt: '2025-01-01T00:00:00.000Z',
    type: 'test.widget-changed',
    version: 1,
    widgetId: `w-${counter}`,
    size: counter,
    ...overrides,
  };
}
