import { filterRequestHeaders, inspectRequestBody, UsageTap, usageFromMessageBody, type UsageSummary } from '@gatehouse/anthropic';
import type { ServerResponse } from 'node:http';
import { buildUsageEvent } from '../accounting/usage-event-builder';
import type { RequestRecord } from '../accounting/request-record';
import type { CallerPrincipal, IncomingHeaders } from '../auth/caller-authenticator';
import type { AttemptSuccess } from '../forwarding/upstream-attempt';
import type { BaseCall, ForwardOutcome, Target } from '../forwarding/upstream-forwarder';
import type { RoutePlan } from '../routing/route-table';
import type { UpstreamEndpointRuntime } from '../forwarding/upstream-endpoint';
import { relayStream } from '../streaming/stream-relay';
import type { UpstreamCall, UpstreamOperation } from '../upstreams/upstream-adapter';
import type { AccessLogger } from './access-log';
import { authenticationError, ProxyError, ProxyErrorCode } from './proxy-error';
import type { ProxyRuntime } from './proxy-runtime';
import type { RequestMeta } from './request-meta';
import { clientHeaders, GATEHOUSE_REQUEST_ID_HEADER, headerValue, sendBody, sendGatewayError } from './response-writers';

/** Status recorded for a request whose client left before any answer (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

export interface MessagesRequest {
  readonly operation: UpstreamOperation;
  readonly headers: IncomingHeaders;
  readonly body: Buffer;
  readonly meta: RequestMeta;
  readonly res: ServerResponse;
}

/** What accounting needs from how the response went. */
interface Served {
  readonly target: Target | null;
  readonly call: UpstreamCall | null;
  readonly status: number;
  readonly usage: UsageSummary | null;
  readonly errorType: string | null;
  readonly clientAborted: boolean;
  readonly upstreamRequestId: string | null;
}

/**
 * `POST /v1/messages` and `/v1/messages/count_tokens`: authenticate, inspect the body once,
 * route, forward with failover, relay the answer, then hand the usage event to the sink. Only
 * `/v1/messages` is accounted: token counting is free and never reaches the ledger.
 */
export async function handleMessages(rt: ProxyRuntime, request: MessagesRequest): Promise<void> {
  const { res, meta } = request;
  const auth = await rt.authenticator.authenticate(request.headers);
  if (!auth.ok) return sendGatewayError(res, meta.requestId, authenticationError(auth).toResponse());
  const inspected = inspectRequestBody(request.body);
  if (!inspected.ok) {
    const error = new ProxyError(ProxyErrorCode.InvalidBody, inspected.error.message);
    return sendGatewayError(res, meta.requestId, error.toResponse());
  }
  const { model, stream, body } = inspected.request;
  const plan = rt.routes.resolve(model);
  if (plan === null) {
    const message = `Model "${model}" is not available through this gateway; available: ${rt.availableModelsText}.`;
    return sendGatewayError(res, meta.requestId, new ProxyError(ProxyErrorCode.ModelNotAvailable, message).toResponse());
  }
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const base: BaseCall = {
    operation: request.operation,
    stream: request.operation === 'messages' && stream,
    rawBody: request.body,
    body,
    headers: filterRequestHeaders(request.headers),
  };
  const outcome = await rt.forwarder.forward(plan, base, controller.signal);
  const served = await respond(rt, request, outcome);
  if (request.operation === 'messages') account(rt, { request, principal: auth.principal, plan, served, stream: base.stream });
  if (rt.accessLog !== null) logAccess(rt.accessLog, request, served, auth.principal);
}

async function respond(rt: ProxyRuntime, request: MessagesRequest, outcome: ForwardOutcome): Promise<Served> {
  const { res, meta } = request;
  switch (outcome.kind) {
    case 'success':
      return respondSuccess(rt, request, outcome.target, outcome.call, outcome.response);
    case 'upstream_error': {
      const adapter = outcome.target.endpoint.adapter;
      const translated = adapter.translateError(outcome.call, outcome.error);
      const upstreamRequestId = headerValue(outcome.error.headers, adapter.requestIdHeader);
      const headers: Record<string, string> = { ...translated.headers, [GATEHOUSE_REQUEST_ID_HEADER]: meta.requestId };
      if (upstreamRequestId !== null) headers[adapter.requestIdHeader] = upstreamRequestId;
      sendBody(res, translated.status, headers, translated.body);
      const usage = usageFromMessageBody(translated.body);
      return { target: outcome.target, call: outcome.call, status: translated.status, usage, errorType: usage.errorType ?? 'api_error', clientAborted: false, upstreamRequestId };
    }
    case 'gateway_error': {
      const response = outcome.error.toResponse();
      sendGatewayError(res, meta.requestId, response);
      return { target: outcome.target, call: null, status: response.status, usage: null, errorType: outcome.error.errorType, clientAborted: false, upstreamRequestId: null };
    }
    case 'aborted':
      return { target: outcome.target, call: null, status: CLIENT_CLOSED_STATUS, usage: null, errorType: null, clientAborted: true, upstreamRequestId: null };
  }
}

async function respondSuccess(rt: ProxyRuntime, request: MessagesRequest, target: Target, call: UpstreamCall, response: AttemptSuccess): Promise<Served> {
  const { res, meta } = request;
  const adapter = target.endpoint.adapter;
  const upstreamRequestId = headerValue(response.headers, adapter.requestIdHeader);
  const headers = clientHeaders(response.headers, meta.requestId);
  if (response.kind === 'json') {
    const body = adapter.translateJsonResponse(call, response.body) ?? response.body;
    sendBody(res, response.status, headers, body);
    const usage = request.operation === 'messages' ? usageFromMessageBody(body) : null;
    return { target, call, status: response.status, usage, errorType: null, clientAborted: false, upstreamRequestId };
  }
  const transcoder = adapter.createStreamTranscoder(call);
  if (transcoder !== null) headers['content-type'] = 'text/event-stream; charset=utf-8';
  res.writeHead(response.status, headers);
  const tap = new UsageTap({ startedAtMs: meta.startedAtMono });
  const pingMs = adapter.needsKeepAlivePings ? rt.keepAlivePingMs : null;
  const relayed = await relayStream({ res, first: response.first, body: response.body, transcoder, tap, pingMs });
  if (relayed.upstreamFailed) target.endpoint.breaker.recordFailure();
  const usage = tap.finish();
  const errorType = relayed.upstreamFailed ? 'api_error' : null;
  return { target, call, status: response.status, usage, errorType, clientAborted: relayed.clientAborted, upstreamRequestId };
}

interface AccountInput {
  readonly request: MessagesRequest;
  readonly principal: CallerPrincipal;
  readonly plan: RoutePlan<UpstreamEndpointRuntime>;
  readonly served: Served;
  readonly stream: boolean;
}

/** Builds and hands over the usage event; never awaited, never throws into the response path. */
function account(rt: ProxyRuntime, input: AccountInput): void {
  const { request, principal, plan, served } = input;
  const target = served.target ?? plan.targets[0];
  if (target === undefined) return;
  const record: RequestRecord = {
    requestId: request.meta.requestId,
    startedAtEpochMs: request.meta.startedAtEpochMs,
    latencyMs: performance.now() - request.meta.startedAtMono,
    principal,
    modelRequested: plan.model,
    modelServed: served.call?.upstreamModel ?? target.upstreamModel,
    provider: target.endpoint.adapter.endpoint.provider,
    upstreamId: target.endpoint.id,
    upstreamRequestId: served.upstreamRequestId,
    stream: input.stream,
    usage: served.usage,
    httpStatus: served.status,
    errorType: served.errorType,
    clientAborted: served.clientAborted,
    claudeCodeSessionId: request.meta.claudeCodeSessionId,
    userAgent: request.meta.userAgent,
    clientIp: request.meta.clientIp,
  };
  try {
    rt.usage.publish(buildUsageEvent(record, rt.catalog));
  } catch (error) {
    rt.logger.error({ requestId: record.requestId, err: error instanceof Error ? error.message : String(error) }, 'usage event could not be built');
  }
}

function logAccess(log: AccessLogger, request: MessagesRequest, served: Served, principal: CallerPrincipal): void {
  log.write({
    requestId: request.meta.requestId,
    op: request.operation,
    user: principal.id,
    upstream: served.target?.endpoint.id,
    status: served.status,
    ms: Math.round(performance.now() - request.meta.startedAtMono),
    aborted: served.clientAborted ? true : undefined,
  });
}
