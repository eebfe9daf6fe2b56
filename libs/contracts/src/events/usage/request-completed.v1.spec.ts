import { sampleEvents } from '../../fixtures';
import { RequestCompletedV1Definition, requestCompletedV1Schema } from './request-completed.v1';

describe('usage.request_completed v1', () => {
  it('requires the event id to be the request id', () => {
    const event = { ...sampleEvents.usageRequestCompleted(), id: 'req_example_other' };
    const result = requestCompletedV1Schema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['id']);
  });

  it('keeps id and requestId together when the fixture overrides the request id', () => {
    const event = sampleEvents.usageRequestCompleted({ requestId: 'req_example_0042' });
    expect(event.id).toBe('req_example_0042');
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
  });

  it('accepts a failed, aborted, unstreamed request with nullable fields empty', () => {
    const event = sampleEvents.usageRequestCompleted({
      stream: false,
      ttftMs: null,
      httpStatus: 529,
      errorType: 'overloaded_error',
      stopReason: null,
      clientAborted: true,
      upstreamRequestId: null,
      claudeCodeSessionId: null,
      userAgent: null,
      teamId: null,
      provider: 'bedrock',
      modelServed: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      clientIp: '2001:db8::1',
    });
    expect(requestCompletedV1Schema.safeParse(event).success).toBe(true);
  });

  it('rejects fractional or negative money and token counts', () => {
    const sample = sampleEvents.usageRequestCompleted();
    expect(requestCompletedV1Schema.safeParse({ ...sample, costMicroUsd: 12.5 }).success).toBe(
      false,
    );
    expect(requestCompletedV1Schema.safeParse({ ...sample, costMicroUsd: -1 }).success).toBe(false);
    expect(
      requestCompletedV1Schema.safeParse({
        ...sample,
        usage: { ...sample.usage, outputTokens: -3 },
      }).success,
    ).toBe(false);
  });

  it('rejects an unknown token kind inside usage', () => {
    const sample = sampleEvents.usageRequestCompleted();
    expect(
      requestCompletedV1Schema.safeParse({
        ...sample,
        usage: { ...sample.usage, reasoningTokens: 5 },
      }).success,
    ).toBe(false);
  });

  it('rejects an unknown provider and a malformed client IP', () => {
    const sample = sampleEvents.usageRequestCompleted();
    expect(requestCompletedV1Schema.safeParse({ ...sample, provider: 'openai' }).success).toBe(
      false,
    );
    expect(requestCompletedV1Schema.safeParse({ ...sample, clientIp: '10.0.0.300' }).success).toBe(
      false,
    );
  });

  it('is keyed by the user so a user’s spend reaches the ledger in order', () => {
    const event = requestCompletedV1Schema.parse(
      sampleEvents.usageRequestCompleted({ userId: 'usr_example_bob' }),
    );
    expect(RequestCompletedV1Definition.key(event)).toBe('usr_example_bob');
  });
});
