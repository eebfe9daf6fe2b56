import type { MessagesRequest } from './api-types';
import type { ConversationEngine } from './conversation';
import { MockUpstreamError } from './errors';
import type { Fault, FaultInjector, FaultKind } from './faults';
import { type Exchange, header, sendJson } from './http-util';
import { newMessageId } from './ids';
import { buildMessage, buildStreamSteps, type MessageParts } from './message-builder';
import type { ApiErrorKind, ProviderProfile, ReplyFacts } from './provider-profile';
import type { StatsRecorder } from './stats';
import { writeStream } from './stream-writer';
import { generationMs, resolveTiming, sleep, type TimingKnobs } from './timing';
import type { PromptCache } from './tokens';

/** Shared state of one mock server; the route handlers only read it. */
export interface MockContext {
  conversation: ConversationEngine;
  cache: PromptCache;
  faults: FaultInjector;
  timing: TimingKnobs;
  stats: StatsRecorder;
}

export interface MessagesCall {
  exchange: Exchange;
  profile: ProviderProfile;
  route: string;
  request: MessagesRequest;
  /** Model id echoed in the reply. */
  model: string;
  stream: boolean;
}

const FAULT_ERRORS: Partial<Record<FaultKind, ApiErrorKind>> = {
  'rate-limit': 'rate_limit',
  overloaded: 'overloaded',
  'api-error': 'api_error',
  'prompt-too-long': 'prompt_too_long',
  'request-too-large': 'request_too_large',
};

/** Runs one authenticated, validated Messages call for any provider: faults, pacing, reply. */
export async function serveMessages(ctx: MockContext, call: MessagesCall): Promise<void> {
  const { exchange, profile } = call;
  const startedAt = Date.now();
  const requestId = profile.newRequestId();
  let fault: Fault | undefined;
  try {
    fault = ctx.faults.decide({
      route: call.route,
      headerSpec: header(exchange, 'x-mock-fault'),
      key: header(exchange, 'x-mock-fault-key'),
    });
  } catch (error) {
    if (!(error instanceof MockUpstreamError)) throw error;
    profile.sendError(exchange, { kind: 'invalid_request', message: error.message }, requestId);
    return;
  }
  if (fault) ctx.stats.fault(fault.kind);
  if (fault?.kind === 'hang') return;

  const timing = resolveTiming(ctx.timing, exchange.req.headers);
  const firstByteMs = timing.firstByteMs + (fault?.kind === 'slow-first-byte' ? fault.arg : 0);
  if (firstByteMs > 0) await sleep(firstByteMs);

  const errorKind = fault && FAULT_ERRORS[fault.kind];
  if (errorKind) {
    profile.sendError(exchange, { kind: errorKind, retryAfterSeconds: fault?.arg }, requestId);
    return;
  }

  const input = ctx.cache.measure(call.request);
  const reply = ctx.conversation.reply(call.request, timing.outputTokens);
  const parts: MessageParts = {
    id: newMessageId(profile.idFlavour),
    model: call.model,
    reply,
    input,
  };
  const facts: ReplyFacts = {
    requestId,
    inputTokens: input.input_tokens,
    outputTokens: reply.outputTokens,
    cacheReadTokens: input.cache_read_input_tokens,
    cacheWriteTokens: input.cache_creation_input_tokens,
    latencyMs: 0,
    firstByteLatencyMs: Date.now() - startedAt,
  };

  if (call.stream) {
    const steps = buildStreamSteps(parts, timing.chunkTokens, profile.ping !== undefined);
    await writeStream({ exchange, profile, steps, facts, timing, fault, startedAt });
    return;
  }
  const generation = generationMs(timing, reply.outputTokens);
  if (generation > 0) await sleep(generation);
  if (fault?.kind === 'reset-mid-stream') {
    exchange.res.socket?.destroy();
    return;
  }
  if (fault?.kind === 'error-mid-stream') {
    profile.sendError(exchange, { kind: 'overloaded' }, requestId);
    return;
  }
  facts.latencyMs = Date.now() - startedAt;
  sendJson(exchange, 200, buildMessage(parts), profile.successHeaders(facts));
}
