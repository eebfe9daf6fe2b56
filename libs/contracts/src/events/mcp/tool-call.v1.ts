import { z } from 'zod';
import {
  entityId,
  hmacSha256Digest,
  ipAddress,
  orgId,
  Retention,
  teamId,
  userId,
} from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

/**
 * One MCP `tools/call` through the gateway. Arguments and results are not included: they can hold
 * source code, credentials or personal data. Their size and a keyed digest let analysts spot
 * unusual volumes and repeated identical calls without reading them.
 */
export const mcpToolCallV1Schema = z
  .strictObject({
    type: z.literal('mcp.tool_call'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    serverId: entityId.describe('MCP server id from the catalog.'),
    toolName: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,128}$/)
      .describe('Tool name as the server exposes it.'),
    userId: userId.describe('User or service account that made the call.'),
    teamId: teamId.nullable().describe('Team of the caller; null when none.'),
    orgId,
    claudeCodeSessionId: z
      .string()
      .min(1)
      .max(128)
      .nullable()
      .describe('Claude Code session id; null for other clients.'),
    outcome: z
      .enum(['succeeded', 'tool_error', 'denied', 'upstream_error', 'timeout'])
      .describe('`tool_error` is an error result from the tool, `denied` a refusal by policy.'),
    denialReason: z
      .enum(['server_not_allowed', 'tool_not_allowed', 'role_missing'])
      .nullable()
      .describe('Which policy refused the call; null unless denied.'),
    latencyMs: z
      .number()
      .int()
      .nonnegative()
      .describe('Milliseconds from call received to result sent.'),
    argumentsSizeBytes: z
      .number()
      .int()
      .nonnegative()
      .describe('Size of the JSON arguments in bytes.'),
    argumentsDigest: hmacSha256Digest
      .nullable()
      .describe('Keyed digest of the canonical JSON arguments; null when digesting is disabled.'),
    resultSizeBytes: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .describe('Size of the result in bytes; null when none.'),
    clientIp: ipAddress.describe('Client IP address as seen by the gateway.'),
  })
  .refine((event) => (event.outcome === 'denied') === (event.denialReason !== null), {
    message: 'denialReason is required exactly when the outcome is "denied"',
    path: ['denialReason'],
  });

export type McpToolCallV1 = z.infer<typeof mcpToolCallV1Schema>;

export const McpToolCallV1Definition = defineEvent({
  type: 'mcp.tool_call',
  version: 1,
  topic: Topics.mcpToolCall,
  schema: mcpToolCallV1Schema,
  retention: Retention.requestLog,
  description:
    'One event per MCP tool call through the gateway: server, tool, caller, outcome, latency, sizes.',
  keyField: 'userId',
  partitioning: "Keyed by user like request usage, so one user's activity reads in order.",
  key: (event) => event.userId,
});
