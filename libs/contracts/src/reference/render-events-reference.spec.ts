import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineEvent } from '../define-event';
import { ALL_EVENTS } from '../registry';
import { EVENTS_REFERENCE_PATH, renderEventsReference } from './render-events-reference';
import { schemaFieldRows } from './schema-fields';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

describe('renderEventsReference', () => {
  it('matches the committed docs/reference/events.md (run `npm run docs:contracts` when this fails)', () => {
    const committed = readFileSync(join(workspaceRoot, EVENTS_REFERENCE_PATH), 'utf8');
    expect(renderEventsReference()).toBe(committed);
  });

  it('renders the same text every time', () => {
    expect(renderEventsReference()).toBe(renderEventsReference());
  });

  it('has a section with its dead-letter topic for every topic', () => {
    const page = renderEventsReference();
    for (const definition of ALL_EVENTS) {
      expect(page).toContain(`## ${definition.topic}\n`);
      expect(page).toContain(`\`${definition.topic}.dlq\``);
    }
  });

  it('renders a field table with nested fields, nullability, enums and escaped pipes', () => {
    const definition = defineEvent({
      type: 'demo.thing_happened',
      version: 1,
      topic: 'gatehouse.demo.thing-happened.v1',
      schema: z.strictObject({
        id: z.string().describe('Id.'),
        kind: z.enum(['a', 'b']).describe('Kind a | b.'),
        count: z.number().int().nonnegative().nullable().describe('How many.'),
        owner: z
          .strictObject({ name: z.string().max(10).describe('Owner name.') })
          .optional()
          .describe('Owner.'),
      }),
      retention: { kind: 'log', retentionMs: 3 * 24 * 60 * 60 * 1000 },
      description: 'A demo event.',
      keyField: 'id',
      key: (event) => event.id,
    });
    const page = renderEventsReference([definition]);
    expect(page).toContain('- **Retention**: log, 3 days');
    expect(page).toContain('| `kind` | "a" \\| "b" | yes | Kind a \\| b. |');
    expect(page).toContain('| `count` | integer ≥ 0 \\| null | yes | How many. |');
    expect(page).toContain('| `owner` | object | no | Owner. |');
    expect(page).toContain('| `owner.name` | string (≤ 10 chars) | yes | Owner name. |');
  });
});

describe('schemaFieldRows', () => {
  it('walks arrays of objects with [] in the path', () => {
    const rows = schemaFieldRows(
      z.strictObject({ items: z.array(z.strictObject({ sku: z.string().describe('SKU.') })) }),
    );
    expect(rows.map((row) => row.name)).toEqual(['items', 'items[].sku']);
    expect(rows[1]).toEqual({
      name: 'items[].sku',
      type: 'string',
      required: true,
      description: 'SKU.',
    });
  });
});
