import { sampleEvents } from '@gatehouse/contracts';
import { requestRowFrom } from './request-row';

describe('requestRowFrom', () => {
  const ingestedAt = new Date('2026-11-24T09:00:00.750Z');

  it('maps a usage event to a requests row with UTC DateTime text and 0/1 flags', () => {
    const event = sampleEvents.usageRequestCompleted({
      startedAt: '2026-11-24T08:59:58.120+01:00',
      completedAt: '2026-11-24T08:00:00.900Z',
      stream: true,
      clientAborted: false,
    });

    const row = requestRowFrom(event, ingestedAt);

    expect(row).toMatchObject({
      request_id: event.requestId,
      started_at: '2026-11-24 07:59:58',
      completed_at: '2026-11-24 08:00:00',
      user_id: event.userId,
      org_id: event.orgId,
      stream: 1,
      client_aborted: 0,
      input_tokens: event.usage.inputTokens,
      cache_creation_1h_input_tokens: event.usage.cacheCreation1hInputTokens,
      cost_micro_usd: event.costMicroUsd,
      ingested_at: '2026-11-24 09:00:00',
    });
  });

  it('writes absent optional values as empty strings but keeps a missing TTFT as null', () => {
    const event = sampleEvents.usageRequestCompleted({
      teamId: null,
      email: undefined,
      upstreamRequestId: null,
      errorType: null,
      stopReason: null,
      claudeCodeSessionId: null,
      userAgent: null,
      ttftMs: null,
    });

    const row = requestRowFrom(event, ingestedAt);

    expect(row).toMatchObject({
      team_id: '',
      email: '',
      upstream_request_id: '',
      error_type: '',
      stop_reason: '',
      claude_code_session_id: '',
      user_agent: '',
      ttft_ms: null,
    });
  });
});
