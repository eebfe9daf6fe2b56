import { isRecord } from '../errors';
import { RequestBodyError, RequestBodyErrorCode } from './request-body-error';

/** Model ids longer than this are not real and would not fit the usage event's `model` fields. */
export const MAX_MODEL_ID_LENGTH = 200;

/** What routing, policy and budget admission need from a Messages request body. */
export interface InspectedRequest {
  readonly model: string;
  /** `stream: true` asks for SSE; absent means false. */
  readonly stream: boolean;
  /** `max_tokens` when it is a positive integer (for the budget reservation); null otherwise. */
  readonly maxTokens: number | null;
  /**
   * The parsed body, for adapters that must rewrite it (Bedrock moves betas into the body and drops
   * `model`). Pass-through routes forward `raw` instead, so unknown fields reach the upstream
   * byte for byte and the body is never re-serialised.
   */
  readonly body: Readonly<Record<string, unknown>>;
  readonly raw: Uint8Array;
}

export type RequestInspection =
  | { readonly ok: true; readonly request: InspectedRequest }
  | { readonly ok: false; readonly error: RequestBodyError };

/**
 * Validates that a Messages request body is a JSON object with a usable `model` (and a boolean
 * `stream` if present) and extracts the fields the gateway routes on. Everything else is the
 * upstream's to validate, so new API fields never need a gateway release. Returns a result rather
 * than throwing so the hot path pays no exception cost for bad requests.
 */
export function inspectRequestBody(raw: Uint8Array): RequestInspection {
  if (raw.byteLength === 0) {
    return fail(
      RequestBodyErrorCode.Empty,
      'Request body is empty: send a JSON object with `model`, `max_tokens` and `messages`.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(RequestBodyErrorCode.InvalidJson, `Request body is not valid JSON: ${reason}`);
  }
  if (!isRecord(json)) {
    return fail(
      RequestBodyErrorCode.NotAnObject,
      `Request body must be a JSON object, got ${describeJson(json)}.`,
    );
  }
  const { model, stream, max_tokens: maxTokens } = json;
  if (model === undefined) {
    return fail(
      RequestBodyErrorCode.ModelMissing,
      '`model` is required: name the Claude model to use, e.g. "claude-sonnet-4-5".',
    );
  }
  if (typeof model !== 'string') {
    return fail(
      RequestBodyErrorCode.ModelNotString,
      `\`model\` must be a string, got ${describeJson(model)}.`,
    );
  }
  if (model.trim() === '') {
    return fail(RequestBodyErrorCode.ModelEmpty, '`model` must not be empty.');
  }
  if (model.length > MAX_MODEL_ID_LENGTH) {
    return fail(
      RequestBodyErrorCode.ModelTooLong,
      `\`model\` is ${model.length} characters long; model ids are at most ${MAX_MODEL_ID_LENGTH}.`,
    );
  }
  if (stream !== undefined && typeof stream !== 'boolean') {
    return fail(
      RequestBodyErrorCode.StreamNotBoolean,
      `\`stream\` must be true or false, got ${describeJson(stream)}.`,
    );
  }
  return {
    ok: true,
    request: {
      model,
      stream: stream === true,
      maxTokens:
        typeof maxTokens === 'number' && Number.isSafeInteger(maxTokens) && maxTokens > 0
          ? maxTokens
          : null,
      body: json,
      raw,
    },
  };
}

function fail(code: RequestBodyErrorCode, message: string): RequestInspection {
  return { ok: false, error: new RequestBodyError(code, message) };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
