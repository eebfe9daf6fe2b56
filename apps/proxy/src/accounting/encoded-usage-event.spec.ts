import {
  RequestCompletedV1Definition,
  requestCompletedV1Schema,
  type RequestCompletedV1,
} from '@gatehouse/contracts';
import { PriceCatalog } from '@gatehouse/pricing';
import type { RequestRecord } from './request-record';
import { encodeEvent } from '@gatehouse/kafka';
import { decodeUsageLines, encodeUsageLines, type EncodedUsageEvent } from './encoded-usage-event';
import { usageRecord } from './kafka-usage-event-sink';
import { buildUsageEvent } from './usage-event-builder';

function usageEvent(overrides: Partial<RequestRecord> = {}): RequestCompletedV1 {
  return buildUsageEvent(
    {
      requestId: '5b1e0c9a-3f2d-4a8e-9c7b-1d2e3f4a5b6c',
      startedAtEpochMs: Date.parse('2026-03-02T09:30:00Z'),
      latencyMs: 812.6,
      principal: {
        type: 'user',
        id: 'usr_7',
        teamId: 'team_b',
        orgId: 'org_2',
        roles: ['developer'],
        email: 'dev@example.com',
      },
      modelRequested: 'claude-haiku-4-5',
      modelServed: 'claude-haiku-4-5',
      provider: 'anthropic',
      upstreamId: 'anthropic',
      upstreamRequestId: 'req_abc',
      stream: false,
      usage: null,
      httpStatus: 200,
      errorType: null,
      clientAborted: false,
      claudeCodeSessionId: null,
      userAgent: 'claude-cli/2.0.0',
      clientIp: '::ffff:10.1.2.3',
      ...overrides,
    },
    new PriceCatalog(),
  );
}

/** What the worker should get back for an event: its id, its contract key and its JSON. */
const encoded = (event: RequestCompletedV1): EncodedUsageEvent => ({
  id: event.id,
  key: event.userId,
  json: JSON.stringify(event),
});

describe('usageRecord', () => {
  it('is the record encodeEvent makes of the event itself, headers included', () => {
    const event = usageEvent();
    const definition = { ...RequestCompletedV1Definition, topic: 'gatehouse.test.usage.v1' };

    expect(usageRecord(definition, encoded(event))).toEqual(
      encodeEvent(definition, event, { validation: 'trusted' }),
    );
    expect(usageRecord(definition, encoded(event)).headers['event-id']).toBe(event.id);
  });
});

const noBadLines = (offset: number, reason: string): never => {
  throw new Error(`unexpected bad line at ${offset}: ${reason}`);
};
const noUnencodable = (event: RequestCompletedV1, error: Error): never => {
  throw new Error(`unexpected unencodable event ${event.id}: ${error.message}`);
};

describe('usage lines (the hand-over to the usage worker)', () => {
  it("decode to each event's id, contract key and JSON, in order", () => {
    const events = [
      usageEvent(),
      usageEvent({ requestId: 'b7a1f0e2-0c4d-4e5f-8a9b-0c1d2e3f4a5b', stream: true }),
      // Tabs, newlines and quotes in free text must not break the framing.
      usageEvent({ requestId: 'c0ffee00-0000-4000-8000-000000000000', userAgent: 'a\tb\nc"d\\' }),
    ];

    const decoded = decodeUsageLines(encodeUsageLines(events, noUnencodable), noBadLines);

    expect(decoded).toEqual({ events: events.map(encoded), lines: 3 });
    // The value is what the consumers validate.
    for (const { json } of decoded.events)
      expect(requestCompletedV1Schema.safeParse(JSON.parse(json)).success).toBe(true);
  });

  it('are empty for no events', () => {
    expect(encodeUsageLines([], noUnencodable)).toBe('');
    expect(decodeUsageLines('', noBadLines)).toEqual({ events: [], lines: 0 });
  });

  it('cost only the event that cannot be serialised, and keep the count of lines', () => {
    const circular = usageEvent({ requestId: 'd1d1d1d1-0000-4000-8000-000000000000' });
    (circular as unknown as { self: unknown }).self = circular;
    const unencodable: string[] = [];
    const text = encodeUsageLines([usageEvent(), circular, usageEvent()], (event) =>
      unencodable.push(event.id),
    );

    expect(unencodable).toEqual(['d1d1d1d1-0000-4000-8000-000000000000']);
    const decoded = decodeUsageLines(text, noBadLines);
    expect(decoded.lines).toBe(3);
    expect(decoded.events).toHaveLength(2);
  });

  it('skip and report a line not in the format, keeping the lines around it', () => {
    const good = encodeUsageLines([usageEvent()], noUnencodable);
    const bad: [number, string][] = [];
    const decoded = decodeUsageLines(`${good}{"id":"x"}\n"a"\t{\t{}\n${good}`, (offset, reason) =>
      bad.push([offset, reason]),
    );

    expect(decoded.lines).toBe(4);
    expect(decoded.events).toEqual([encoded(usageEvent()), encoded(usageEvent())]);
    expect(bad.map(([offset]) => offset)).toEqual([
      good.length,
      good.length + '{"id":"x"}\n'.length,
    ]);
    expect(bad[0][1]).toMatch(/expected <id>/);
    expect(bad[1][1]).toMatch(/not JSON/);
  });
});
