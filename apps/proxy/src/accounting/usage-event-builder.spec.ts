import { UsageTap } from '@gatehouse/anthropic';
import { requestCompletedV1Schema } from '@gatehouse/contracts';
import { PriceCatalog } from '@gatehouse/pricing';
import type { RequestRecord } from './request-record';
import { buildUsageEvent, normaliseIp, UNPRICED_VERSION } from './usage-event-builder';

const catalog = new PriceCatalog();

function streamUsage() {
  let t = 0;
  const tap = new UsageTap({ now: () => t, startedAtMs: 0 });
  t = 5;
  tap.push(
    Buffer.from(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":100,"output_tokens":1,"cache_read_input_tokens":20,"cache_creation_input_tokens":10}}}\n\n',
    ),
  );
  t = 42;
  tap.push(Buffer.from('event: content_block_delta\ndata: {}\n\n'));
  tap.push(Buffer.from('event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":30}}\n\nevent: message_stop\ndata: {}\n\n'));
  return tap.finish();
}

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    requestId: '2f0c7c1e-8a57-4c38-9a46-0c1f1c2b3d4e',
    startedAtEpochMs: Date.parse('2026-01-15T10:00:00Z'),
    latencyMs: 1234.4,
    principal: { type: 'user', id: 'usr_1', teamId: 'team_a', orgId: 'org_1', roles: ['developer'], email: 'dev@example.com' },
    modelRequested: 'claude-sonnet-4-5',
    modelServed: 'claude-sonnet-4-5',
    provider: 'anthropic',
    upstreamId: 'anthropic',
    upstreamRequestId: 'req_123',
    stream: true,
    usage: streamUsage(),
    httpStatus: 200,
    errorType: null,
    clientAborted: false,
    claudeCodeSessionId: 'sess-1',
    userAgent: 'claude-cli/2.1 (external, cli)',
    clientIp: '::ffff:10.1.2.3',
    ...overrides,
  };
}

describe('buildUsageEvent', () => {
  it('fills every field of a valid usage event from a streamed request', () => {
    const event = buildUsageEvent(record(), catalog);
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      id: event.requestId,
      userId: 'usr_1',
      teamId: 'team_a',
      orgId: 'org_1',
      roles: ['developer'],
      email: 'dev@example.com',
      upstreamRequestId: 'req_123',
      usage: { inputTokens: 100, outputTokens: 30, cacheReadInputTokens: 20, cacheCreation5mInputTokens: 10, cacheCreation1hInputTokens: 0 },
      latencyMs: 1234,
      ttftMs: 42,
      httpStatus: 200,
      errorType: null,
      stopReason: 'end_turn',
      clientIp: '10.1.2.3',
      startedAt: '2026-01-15T10:00:00.000Z',
      completedAt: '2026-01-15T10:00:01.234Z',
    });
    expect(event.occurredAt).toBe(event.completedAt);
    expect(event.costMicroUsd).toBeGreaterThan(0);
    expect(event.pricingVersion).not.toBe(UNPRICED_VERSION);
  });

  it('accounts an upstream failure with zero usage and its error type', () => {
    const event = buildUsageEvent(record({ usage: null, httpStatus: 529, errorType: 'overloaded_error', stream: false, upstreamRequestId: null }), catalog);
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ costMicroUsd: 0, errorType: 'overloaded_error', httpStatus: 529, ttftMs: null, upstreamRequestId: null });
  });

  it('records a client abort with the tokens seen so far and keeps odd values within the contract', () => {
    const event = buildUsageEvent(
      record({ clientAborted: true, httpStatus: 499, errorType: 'Weird-Type', userAgent: 'x'.repeat(900), claudeCodeSessionId: 's'.repeat(300) }),
      catalog,
    );
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
    expect(event.clientAborted).toBe(true);
    expect(event.errorType).toBe('api_error');
    expect(event.userAgent).toHaveLength(512);
    expect(event.claudeCodeSessionId).toHaveLength(128);
  });

  it('flags models without a price instead of failing', () => {
    const event = buildUsageEvent(record({ modelServed: 'mystery-model', modelRequested: 'mystery-model', usage: null }), catalog);
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
    expect(event.costMicroUsd).toBe(0);
  });

  it('omits email for service accounts', () => {
    const event = buildUsageEvent(record({ principal: { type: 'service_account', id: 'sa_1', teamId: null, orgId: 'org_1', roles: [] } }), catalog);
    expect(event.email).toBeUndefined();
    expect(event.principalType).toBe('service_account');
  });

  it('unwraps IPv4-mapped IPv6 addresses only', () => {
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIp('2001:db8::1')).toBe('2001:db8::1');
  });
});
