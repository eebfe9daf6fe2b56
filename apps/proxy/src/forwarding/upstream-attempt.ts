import type { Dispatcher } from 'undici';
import type { UpstreamCall, UpstreamErrorResponse } from '../upstreams/upstream-adapter';
import { isTimeoutError, retryAfterMs, type AttemptFailure } from './failover-policy';
import type { UpstreamEndpointRuntime } from './upstream-endpoint';

/** Upstream error bodies are small JSON envelopes; anything beyond this is cut. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

export type ResponseHeaders = Dispatcher.ResponseData['headers'];

/**
 * A usable upstream response. For streams the first body chunk has already arrived (`first`,
 * null if the body was empty): until then nothing was sent to the client, so a failure before
 * it still fails over. Non-streaming bodies are read completely for the same reason (and because
 * a partial JSON message is useless to the client).
 */
export type AttemptSuccess =
  | {
      readonly ok: true;
      readonly kind: 'stream';
      readonly status: number;
      readonly headers: ResponseHeaders;
      readonly first: Buffer | null;
      readonly rest: AsyncIterator<Buffer>;
    }
  | { readonly ok: true; readonly kind: 'json'; readonly status: number; readonly headers: ResponseHeaders; readonly body: Buffer };

export type AttemptFailed =
  | { readonly ok: false; readonly failure: AttemptFailure & { kind: 'status' }; readonly error: UpstreamErrorResponse }
  | { readonly ok: false; readonly failure: AttemptFailure & { kind: 'network' }; readonly cause: unknown }
  | { readonly ok: false; readonly aborted: true };

export type AttemptResult = AttemptSuccess | AttemptFailed;

/** Sends one request to one upstream and waits for enough of the answer to decide on failover. */
export async function attemptUpstream(endpoint: UpstreamEndpointRuntime, call: UpstreamCall, signal: AbortSignal): Promise<AttemptResult> {
  try {
    const request = await endpoint.adapter.buildRequest(call);
    const response = await endpoint.pool.request({
      method: 'POST',
      path: endpoint.basePath + request.path,
      headers: request.headers,
      body: request.body,
      signal,
    });
    const { statusCode: status, headers, body } = response;
    if (status >= 400) {
      const errorBody = await readBody(body, MAX_ERROR_BODY_BYTES);
      return {
        ok: false,
        failure: { kind: 'status', status, retryAfterMs: retryAfterMs(headers, Date.now()) },
        error: { status, headers, body: errorBody },
      };
    }
    if (call.stream) {
      const rest = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await rest.next();
      return { ok: true, kind: 'stream', status, headers, first: first.done ? null : first.value, rest };
    }
    return { ok: true, kind: 'json', status, headers, body: await readBody(body, Number.MAX_SAFE_INTEGER) };
  } catch (cause) {
    if (signal.aborted) return { ok: false, aborted: true };
    return { ok: false, failure: { kind: 'network', timeout: isTimeoutError(cause) }, cause };
  }
}

async function readBody(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < limit) chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
