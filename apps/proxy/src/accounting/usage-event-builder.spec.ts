import { UsageTap } from '@gatehouse/anthropic';
import { requestCompletedV1Schema } from '@gatehouse/contracts';
import { PriceCatalog } from '@gatehouse/pricing';
import type { RequestRecord } from './request-record';
import { buildUsageEvent, modelId, normaliseIp, UNPRICED_VERSION } from './usage-event-builder';

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

  it('flags a model the price table does not list as unpriced instead of recording it as free', () => {
    const event = buildUsageEvent(record({ modelServed: 'claude-fable-5-2', usage: null, startedAtEpochMs: Date.parse('2026-11-25T00:00:00Z') }), catalog);
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ costMicroUsd: 0, pricingVersion: UNPRICED_VERSION });
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
    expect(event).toMatchObject({ costMicroUsd: 0, pricingVersion: UNPRICED_VERSION });
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

  it('drops the zone of a link-local IPv6 address', () => {
    expect(normaliseIp('fe80::1%eth0')).toBe('fe80::1');
  });

  it('keeps valid model ids and reshapes the ones a routing pattern let through', () => {
    expect(modelId('claude-sonnet-4-5@20250929')).toBe('claude-sonnet-4-5@20250929');
    expect(modelId('claude-x y')).toBe('claude-x_y');
    expect(modelId('-claude')).toBe('m-claude');
  });

  // The sink publishes these events without a per-event schema parse (ADR 0011); this is the
  // guarantee that makes that safe: whatever the client, the token or the upstream sent, the
  // builder's output validates.
  it('always builds an event the contract accepts, whatever the inputs', () => {
    const hostileStrings = ['', ' ', 'claude-x y', '-lead', 'ünïcødé-模型', 'a'.repeat(500), 'x\n\u0000y', 'claude-*', '../../etc', '@'];
    const statuses = [0, 99, 100, 200, 299.5, 499, 529, 599, 600, 999, Number.NaN];
    const ips = ['::ffff:10.0.0.1', '127.0.0.1', '::1', 'fe80::1%eth0', '2001:db8::1', '0.0.0.0'];
    const counts = [0, 1, 12_345, Number.MAX_SAFE_INTEGER];
    const usage = streamUsage();
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const pick = <T>(list: readonly T[], salt: number): T => list[(i * 7 + salt * 13 + Math.floor(i / list.length)) % list.length];
      const text = pick(hostileStrings, 1);
      const count = pick(counts, 2);
      const serviceAccount = i % 5 === 0;
      const event = buildUsageEvent(
        record({
          modelRequested: pick(hostileStrings, 3) || 'claude-sonnet-4-5',
          modelServed: pick(hostileStrings, 4) || 'claude-sonnet-4-5',
          httpStatus: pick(statuses, 5),
          clientIp: pick(ips, 6),
          userAgent: i % 3 === 0 ? null : text,
          claudeCodeSessionId: i % 4 === 0 ? null : pick(hostileStrings, 7),
          upstreamRequestId: i % 6 === 0 ? null : pick(hostileStrings, 8),
          errorType: i % 2 === 0 ? null : pick(hostileStrings, 9),
          latencyMs: i % 7 === 0 ? -3.2 : i * 13.7,
          clientAborted: i % 9 === 0,
          stream: i % 2 === 0,
          principal: serviceAccount
            ? { type: 'service_account', id: 'sa_1', teamId: null, orgId: 'org_1', roles: [] }
            : { type: 'user', id: 'usr_1', teamId: 'team_a', orgId: 'org_1', roles: ['developer'], email: 'dev@example.com' },
          usage:
            i % 8 === 0
              ? null
              : {
                  ...usage,
                  model: pick(hostileStrings, 10),
                  stopReason: pick(hostileStrings, 11),
                  errorType: pick(hostileStrings, 12),
                  usage: { ...usage.usage, inputTokens: count, outputTokens: count, cacheCreation1hInputTokens: count },
                },
        }),
        catalog,
      );
      const result = requestCompletedV1Schema.safeParse(event);
      if (!result.success) throw new Error(`input ${i} built an invalid event: ${JSON.stringify(result.error.issues)}`);
      checked += 1;
    }
    expect(checked).toBe(400);
  });
});
