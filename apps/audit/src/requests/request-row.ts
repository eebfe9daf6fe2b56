import type { RequestCompletedV1 } from '@gatehouse/contracts';
import { formatDateTime } from '@gatehouse/clickhouse';

/**
 * A `requests` table row as inserted with JSONEachRow. Absent values become '' (strings) so
 * analysts filter with `team_id = ''` instead of juggling NULLs in GROUP BY keys; only `ttft_ms`
 * stays nullable because 0 would be a real (and misleading) time to first token.
 */
export interface RequestRow {
  request_id: string;
  started_at: string;
  completed_at: string;
  principal_type: string;
  user_id: string;
  team_id: string;
  org_id: string;
  roles: string[];
  email: string;
  model_requested: string;
  model_served: string;
  provider: string;
  upstream_id: string;
  upstream_request_id: string;
  stream: 0 | 1;
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
  web_search_requests: number;
  web_fetch_requests: number;
  cost_micro_usd: number;
  pricing_version: string;
  latency_ms: number;
  ttft_ms: number | null;
  http_status: number;
  error_type: string;
  stop_reason: string;
  client_aborted: 0 | 1;
  claude_code_session_id: string;
  user_agent: string;
  client_ip: string;
  ingested_at: string;
}

export function requestRowFrom(event: RequestCompletedV1, ingestedAt: Date): RequestRow {
  const { usage } = event;
  return {
    request_id: event.requestId,
    started_at: formatDateTime(new Date(event.startedAt)),
    completed_at: formatDateTime(new Date(event.completedAt)),
    principal_type: event.principalType,
    user_id: event.userId,
    team_id: event.teamId ?? '',
    org_id: event.orgId,
    roles: [...event.roles],
    email: event.email ?? '',
    model_requested: event.modelRequested,
    model_served: event.modelServed,
    provider: event.provider,
    upstream_id: event.upstreamId,
    upstream_request_id: event.upstreamRequestId ?? '',
    stream: event.stream ? 1 : 0,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    cache_creation_5m_input_tokens: usage.cacheCreation5mInputTokens,
    cache_creation_1h_input_tokens: usage.cacheCreation1hInputTokens,
    web_search_requests: usage.webSearchRequests,
    web_fetch_requests: usage.webFetchRequests,
    cost_micro_usd: event.costMicroUsd,
    pricing_version: event.pricingVersion,
    latency_ms: event.latencyMs,
    ttft_ms: event.ttftMs,
    http_status: event.httpStatus,
    error_type: event.errorType ?? '',
    stop_reason: event.stopReason ?? '',
    client_aborted: event.clientAborted ? 1 : 0,
    claude_code_session_id: event.claudeCodeSessionId ?? '',
    user_agent: event.userAgent ?? '',
    client_ip: event.clientIp,
    ingested_at: formatDateTime(ingestedAt),
  };
}
