import {
  RequestCompletedV1Definition,
  requestCompletedV1Schema,
  type RequestCompletedV1,
} from '@gatehouse/contracts';
import { PriceCatalog } from '@gatehouse/pricing';
import type { RequestRecord } from './request-record';
import { decodeUsageLines, encodeUsageEvent, encodeUsageLines } from './encoded-usage-event';
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

describe('encodeUsageEvent', () => {
  it('serialises the event as the Kafka value the consumers validate, keyed like the contract', () => {
    const event = usageEvent();
    const encoded = encodeUsageEvent(event);

    expect(encoded.id).toBe('5b1e0c9a-3f2d-4a8e-9c7b-1d2e3f4a5b6c');
    expect(encoded.key).toBe(RequestCompletedV1Definition.key(event));
    expect(encoded.key).toBe('usr_7');
    expect(requestCompletedV1Schema.parse(JSON.parse(encoded.json))).toEqual(event);
  });
});

describe('usage lines (the hand-over to the usage worker)', () => {
  it('decode to what encodeUsageEvent gives for each event, in order', () => {
    const events = [
      usageEvent(),
      usageEvent({ requestId: 'b7a1f0e2-0c4d-4e5f-8a9b-0c1d2e3f4a5b', stream: true }),
      // Tabs, newlines and quotes in free text must not break the framing.
      usageEvent({ requestId: 'c0ffee00-0000-4000-8000-000000000000', userAgent: 'a\tb\nc"d\\' }),
    ];

    expect(decodeUsageLines(encodeUsageLines(events))).toEqual(events.map(encodeUsageEvent));
  });

  it('are empty for no events', () => {
    expect(encodeUsageLines([])).toBe('');
    expect(decodeUsageLines('')).toEqual([]);
  });

  it('refuse text that is not in the hand-over format instead of publishing pieces of it', () => {
    expect(() => decodeUsageLines('{"id":"x"}\n')).toThrow(/hand-over format at offset 0/);
  });
});
