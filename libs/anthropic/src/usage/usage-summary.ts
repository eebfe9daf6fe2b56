import type { TokenUsage } from '@gatehouse/contracts';
import { isRecord, readAnthropicError } from '../errors';

/**
 * What one Messages API response reported, in the shapes the rest of Gatehouse uses: `usage` is
 * the contracts' `TokenUsage` (what `@gatehouse/pricing` costs and `usage.request_completed`
 * carries), the other fields map one to one onto that event.
 */
export interface UsageSummary {
  /** Anthropic message id (`msg_…`); null when the response never started a message. */
  readonly messageId: string | null;
  /** Model the upstream says served the request (its spelling, e.g. a dated id). */
  readonly model: string | null;
  readonly usage: TokenUsage;
  /** Whether any usage block arrived; false means the zeros in `usage` were not measured. */
  readonly usageReported: boolean;
  /** `end_turn`, `max_tokens`, `tool_use`, `stop_sequence`, `pause_turn`, `refusal`…; null if none. */
  readonly stopReason: string | null;
  /** Milliseconds from request start to the first `content_block_delta`; null if none arrived. */
  readonly ttftMs: number | null;
  /** `error.type` of an error event or error body (e.g. `overloaded_error`); null otherwise. */
  readonly errorType: string | null;
  /** The response finished normally: `message_stop` seen, or a complete non-streaming message. */
  readonly completed: boolean;
}

/**
 * Collects usage facts from Messages API payloads, whichever way they arrive (SSE events, a JSON
 * body, or events a Bedrock decoder re-emits). Anthropic reports counts cumulatively: the
 * `message_delta` usage supersedes `message_start`'s, so every field present overwrites the
 * previous value and absent fields keep it. Never throws on malformed input; it just learns less.
 */
export class UsageAccumulator {
  private messageId: string | null = null;
  private model: string | null = null;
  private stopReason: string | null = null;
  private errorType: string | null = null;
  private ttftMs: number | null = null;
  private completed = false;
  private usageReported = false;

  private inputTokens = 0;
  private outputTokens = 0;
  private cacheReadInputTokens = 0;
  /** Total cache writes as `cache_creation_input_tokens` reports them (both TTLs). */
  private cacheCreationTotal: number | null = null;
  private cacheCreation5m: number | null = null;
  private cacheCreation1h: number | null = null;
  private webSearchRequests = 0;
  private webFetchRequests = 0;

  /** `message_start` payload: `{type, message: {id, model, usage, …}}`. */
  messageStart(payload: unknown): void {
    if (!isRecord(payload)) return;
    this.message(payload.message);
  }

  /** A complete message object (`message_start.message` or a non-streaming response body). */
  message(message: unknown): void {
    if (!isRecord(message)) return;
    if (typeof message.id === 'string') this.messageId = message.id;
    if (typeof message.model === 'string') this.model = message.model;
    if (typeof message.stop_reason === 'string') this.stopReason = message.stop_reason;
    this.applyUsage(message.usage);
  }

  /** `message_delta` payload: `{type, delta: {stop_reason, …}, usage: {output_tokens, …}}`. */
  messageDelta(payload: unknown): void {
    if (!isRecord(payload)) return;
    if (isRecord(payload.delta) && typeof payload.delta.stop_reason === 'string') {
      this.stopReason = payload.delta.stop_reason;
    }
    this.applyUsage(payload.usage);
  }

  /** An `error` event payload or error body: `{type: "error", error: {type, message}}`. */
  error(payload: unknown): void {
    const error = readAnthropicError(payload);
    if (error) this.errorType = error.type;
  }

  /** First content delta marks time to first token; later ones change nothing. */
  contentDelta(elapsedMs: number): void {
    if (this.ttftMs === null) this.ttftMs = Math.max(0, Math.round(elapsedMs));
  }

  messageStop(): void {
    this.completed = true;
  }

  summary(): UsageSummary {
    const oneHour = this.cacheCreation1h ?? 0;
    // With no TTL breakdown every cache write is a 5-minute write (the API default). With one,
    // any part of the total the breakdown does not cover is also counted as 5-minute.
    const fiveMinute =
      this.cacheCreationTotal === null
        ? (this.cacheCreation5m ?? 0)
        : Math.max(this.cacheCreation5m ?? 0, this.cacheCreationTotal - oneHour);
    return {
      messageId: this.messageId,
      model: this.model,
      usage: {
        inputTokens: this.inputTokens,
        outputTokens: this.outputTokens,
        cacheReadInputTokens: this.cacheReadInputTokens,
        cacheCreation5mInputTokens: fiveMinute,
        cacheCreation1hInputTokens: oneHour,
        webSearchRequests: this.webSearchRequests,
        webFetchRequests: this.webFetchRequests,
      },
      usageReported: this.usageReported,
      stopReason: this.stopReason,
      ttftMs: this.ttftMs,
      errorType: this.errorType,
      completed: this.completed,
    };
  }

  private applyUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    this.usageReported = true;
    this.inputTokens = countOr(usage.input_tokens, this.inputTokens);
    this.outputTokens = countOr(usage.output_tokens, this.outputTokens);
    this.cacheReadInputTokens = countOr(usage.cache_read_input_tokens, this.cacheReadInputTokens);
    const total = count(usage.cache_creation_input_tokens);
    if (total !== null) this.cacheCreationTotal = total;
    if (isRecord(usage.cache_creation)) {
      const split = usage.cache_creation;
      this.cacheCreation5m = count(split.ephemeral_5m_input_tokens) ?? this.cacheCreation5m;
      this.cacheCreation1h = count(split.ephemeral_1h_input_tokens) ?? this.cacheCreation1h;
    }
    if (isRecord(usage.server_tool_use)) {
      const tools = usage.server_tool_use;
      this.webSearchRequests = countOr(tools.web_search_requests, this.webSearchRequests);
      this.webFetchRequests = countOr(tools.web_fetch_requests, this.webFetchRequests);
    }
  }
}

/** Usage of a non-streaming response body (a `message` object, or an error envelope). */
export function usageFromMessage(json: unknown): UsageSummary {
  const accumulator = new UsageAccumulator();
  if (isRecord(json) && json.type === 'error') {
    accumulator.error(json);
  } else if (isRecord(json)) {
    accumulator.message(json);
    if (json.type === 'message') accumulator.messageStop();
  }
  return accumulator.summary();
}

/** Same as `usageFromMessage` for the raw body bytes; an unparseable body yields an empty summary. */
export function usageFromMessageBody(body: Uint8Array): UsageSummary {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    json = null;
  }
  return usageFromMessage(json);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function countOr(value: unknown, fallback: number): number {
  return count(value) ?? fallback;
}
