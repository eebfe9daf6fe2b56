import { RequestCompletedV1Definition, requestCompletedV1Schema } from '@gatehouse/contracts';
import { PriceCatalog } from '@gatehouse/pricing';
import { encodeUsageEvent } from './encoded-usage-event';
import { buildUsageEvent } from './usage-event-builder';

const event = buildUsageEvent(
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
  },
  new PriceCatalog(),
);

describe('encodeUsageEvent', () => {
  it('serialises the event as the Kafka value the consumers validate, keyed like the contract', () => {
    const encoded = encodeUsageEvent(event);

    expect(encoded.id).toBe('5b1e0c9a-3f2d-4a8e-9c7b-1d2e3f4a5b6c');
    expect(encoded.key).toBe(RequestCompletedV1Definition.key(event));
    expect(encoded.key).toBe('usr_7');
    const decoded: unknown = JSON.parse(encoded.json);
    expect(decoded).toEqual(event);
    expect(requestCompletedV1Schema.parse(decoded)).toEqual(event);
  });
});
