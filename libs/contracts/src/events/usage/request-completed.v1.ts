import { z } from 'zod';
import {
  emailAddress,
  entityId,
  ipAddress,
  isoDateTime,
  microUsd,
  orgId,
  requestId,
  Retention,
  roleName,
  snakeCaseCode,
  teamId,
  tokenUsage,
  upstreamProvider,
  userAgent,
  userId,
} from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/** Model ids as clients and providers spell them (`claude-sonnet-4-5`, `anthropic.claude-…-v1:0`, `…@20250929`). */
const modelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/);

/**
 * One proxied Messages API request, published by the proxy after the response finished (or failed
 * or was aborted). It is the source of truth for spend: the budget ledger settles reservations from
 * it and ClickHouse stores one row per event. It never carries prompt or completion text.
 */
export const requestCompletedV1Schema = z
  .strictObject({
    type: z.literal('usage.request_completed'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    requestId: requestId.describe(
      'Gateway request id; equal to the event `id`, so a replayed event deduplicates.',
    ),
    principalType: z
      .enum(['user', 'service_account'])
      .describe('Whether a person or a service account (CI, automation) made the request.'),
    userId: userId.describe(
      'User id, or the service account id when `principalType` is `service_account`.',
    ),
    teamId: teamId
      .nullable()
      .describe('Team the spend is attributed to; null when the principal has no team.'),
    orgId,
    roles: z
      .array(roleName)
      .max(64)
      .describe('Gatehouse roles the principal held for this request.'),
    email: emailAddress
      .optional()
      .describe(
        'User email at request time; omitted for service accounts or when the deployment hides it.',
      ),
    modelRequested: modelId.describe('Model id the client asked for, before aliasing and routing.'),
    modelServed: modelId.describe(
      'Model id sent upstream after aliasing and routing (provider spelling).',
    ),
    provider: upstreamProvider.describe('Upstream provider that served the request.'),
    upstreamId: entityId.describe(
      'Configured upstream (account/region) that served it, e.g. `bedrock-us-east-1`.',
    ),
    upstreamRequestId: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .describe(
        'Request id the provider returned (`request-id`, `x-amzn-requestid`); null if none came back.',
      ),
    stream: z.boolean().describe('Whether the client asked for a server-sent-event stream.'),
    usage: tokenUsage.describe(
      'Token and server-tool counts from the final usage block; zeros when none arrived.',
    ),
    costMicroUsd: microUsd.describe(
      'Cost in micro-dollars (1 USD = 1,000,000), rounded up per request; integer so sums never drift.',
    ),
    pricingVersion: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
      .describe(
        'Version of the price table used, so historical costs can be recomputed or explained.',
      ),
    latencyMs: z
      .number()
      .int()
      .nonnegative()
      .describe('Milliseconds from request received to last byte sent.'),
    ttftMs: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .describe(
        'Milliseconds to the first content token of a stream; null when not streamed or none arrived.',
      ),
    httpStatus: z
      .number()
      .int()
      .min(100)
      .max(599)
      .describe('HTTP status the gateway answered the client with.'),
    errorType: snakeCaseCode
      .nullable()
      .describe(
        'Anthropic-style error type (`overloaded_error`, `budget_exceeded`…); null on success.',
      ),
    stopReason: snakeCaseCode
      .nullable()
      .describe(
        'Model stop reason (`end_turn`, `max_tokens`, `tool_use`…); free text so new reasons parse.',
      ),
    clientAborted: z.boolean().describe('Client disconnected before the response completed.'),
    claudeCodeSessionId: z
      .string()
      .min(1)
      .max(128)
      .nullable()
      .describe(
        'Claude Code session id from the `x-claude-code-session-id` header; null for other clients.',
      ),
    userAgent: userAgent
      .nullable()
      .describe('Client User-Agent header, truncated to 512 characters.'),
    clientIp: ipAddress.describe(
      'Client IP address as seen by the gateway (after trusted proxy headers).',
    ),
    startedAt: isoDateTime.describe('When the gateway received the request.'),
    completedAt: isoDateTime.describe(
      'When the gateway sent the last byte or gave up; equals `occurredAt`.',
    ),
  })
  .refine((event) => event.id === event.requestId, {
    message: 'id must equal requestId: the request id is the idempotency key',
    path: ['id'],
  });

export type RequestCompletedV1 = z.infer<typeof requestCompletedV1Schema>;

export const RequestCompletedV1Definition = defineEvent({
  type: 'usage.request_completed',
  version: 1,
  topic: Topics.usageRequestCompleted,
  schema: requestCompletedV1Schema,
  retention: Retention.requestLog,
  description:
    'One event per proxied request with attribution, tokens by kind, cost, latency and outcome. ' +
    'Feeds the budget ledger, ClickHouse request analytics and the SIEM.',
  keyField: 'userId',
  partitioning:
    "Keyed by user so one user's requests arrive in order at the budget ledger, which settles " +
    'reservations and decides threshold crossings per user. Team and org totals are sums, which do ' +
    'not need ordering across partitions. A single heavy user is bounded by upstream rate limits, so ' +
    'the skew stays small.',
  key: (event) => event.userId,
});
