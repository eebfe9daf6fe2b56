import type { RequestCompletedV1, TokenUsage } from '@gatehouse/contracts';
import { costFor, type PriceCatalog } from '@gatehouse/pricing';
import type { RequestRecord } from './request-record';

const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreation5mInputTokens: 0,
  cacheCreation1hInputTokens: 0,
  webSearchRequests: 0,
  webFetchRequests: 0,
});

/** Shapes the contract accepts for codes; anything else is normalised rather than rejected. */
const SNAKE_CASE = /^[a-z][a-z0-9_]{0,63}$/;
const PRICING_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
/** The contract's model id shape; the requested id comes from the client's body. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$/;
const MODEL_ID_FORBIDDEN = /[^A-Za-z0-9._:@/-]/g;

/**
 * Recorded when the model had no price (no table in force, a model newer than the table, or an id
 * that is not a Claude model): the event still validates, costs 0, and is flagged.
 */
export const UNPRICED_VERSION = 'unpriced';

/**
 * Builds the `usage.request_completed` event for one request. The cost uses the model the
 * upstream reported (it may be a dated snapshot of the requested alias), else the id sent to it.
 * Free-text values that came from the client or the upstream are bounded here to the contract's
 * limits, so a strange header never makes a request unaccountable.
 *
 * Every output satisfies `requestCompletedV1Schema` by construction: the other values are ids
 * the access-token verifier and the routing file already validated, clock readings and counts.
 * The unit tests hold this for hostile inputs, which is what lets the sink skip the per-event
 * schema parse on the request path (ADR 0011).
 */
export function buildUsageEvent(record: RequestRecord, catalog: PriceCatalog): RequestCompletedV1 {
  const usage = record.usage?.usage ?? ZERO_USAGE;
  const pricedModel = record.usage?.model ?? record.modelServed;
  const cost = costFor(usage, catalog.priceFor(pricedModel, record.startedAtEpochMs));
  const completedAt = new Date(record.startedAtEpochMs + record.latencyMs).toISOString();
  const principal = record.principal;
  const event: RequestCompletedV1 = {
    type: 'usage.request_completed',
    version: 1,
    id: record.requestId,
    occurredAt: completedAt,
    requestId: record.requestId,
    principalType: principal.type,
    userId: principal.id,
    teamId: principal.teamId,
    orgId: principal.orgId,
    roles: [...principal.roles],
    modelRequested: modelId(record.modelRequested),
    modelServed: modelId(record.modelServed),
    provider: record.provider,
    upstreamId: record.upstreamId,
    upstreamRequestId: bounded(record.upstreamRequestId, 200),
    stream: record.stream,
    usage: { ...usage },
    costMicroUsd: Math.min(Math.max(0, Math.ceil(cost.costMicroUsd)), Number.MAX_SAFE_INTEGER),
    // A model without a price costs 0 here; `unpriced` keeps it apart from a genuinely free request.
    pricingVersion: cost.priced && PRICING_VERSION.test(cost.pricingVersion) ? cost.pricingVersion : UNPRICED_VERSION,
    latencyMs: Math.max(0, Math.round(record.latencyMs)),
    ttftMs: record.stream ? (record.usage?.ttftMs ?? null) : null,
    httpStatus: Number.isInteger(record.httpStatus) && record.httpStatus >= 100 && record.httpStatus <= 599 ? record.httpStatus : 502,
    errorType: errorCode(record),
    stopReason: record.usage?.stopReason !== null && record.usage?.stopReason !== undefined && SNAKE_CASE.test(record.usage.stopReason) ? record.usage.stopReason : null,
    clientAborted: record.clientAborted,
    claudeCodeSessionId: bounded(record.claudeCodeSessionId, 128),
    userAgent: record.userAgent === null ? null : record.userAgent.slice(0, 512),
    clientIp: normaliseIp(record.clientIp),
    startedAt: new Date(record.startedAtEpochMs).toISOString(),
    completedAt,
  };
  if (principal.type === 'user' && principal.email !== undefined) event.email = principal.email;
  return event;
}

/** The error type of a failed or cut-short request; an error event inside a 200 stream counts too. */
function errorCode(record: RequestRecord): string | null {
  const type = record.errorType ?? record.usage?.errorType ?? null;
  if (type === null) return record.httpStatus >= 400 ? 'api_error' : null;
  return SNAKE_CASE.test(type) ? type : 'api_error';
}

function bounded(value: string | null, max: number): string | null {
  if (value === null || value === '') return null;
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * Node reports IPv4 clients on dual-stack sockets as `::ffff:a.b.c.d`; analysts expect `a.b.c.d`.
 * A link-local address's zone (`fe80::1%eth0`) names a local interface, not the client, and the
 * contract's IPv6 form has none.
 */
export function normaliseIp(ip: string): string {
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) return mapped[1];
  const zone = ip.indexOf('%');
  return zone === -1 ? ip : ip.slice(0, zone);
}

/**
 * A model id in the contract's shape. Routing patterns (`claude-*`) let any id the client typed
 * through, so characters the contract does not allow become `_` instead of costing the event.
 */
export function modelId(value: string): string {
  if (MODEL_ID.test(value)) return value;
  const cleaned = value.slice(0, 200).replace(MODEL_ID_FORBIDDEN, '_');
  return /^[A-Za-z0-9]/.test(cleaned) ? cleaned : `m${cleaned}`.slice(0, 200);
}

/** Whether an id from a token fits the contract's entity id shape. */
export function isEntityId(value: string): boolean {
  return ENTITY_ID.test(value);
}
