import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { UpstreamCall, UpstreamErrorResponse } from '../upstreams/upstream-adapter';
import { isTimeoutError, retryAfterMs, type AttemptFailure } from './failover-policy';
import { readFirstChunk } from './first-chunk';
import type { UpstreamEndpointRuntime } from './upstream-endpoint';
import { requestWhole } from './whole-response';

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
      /** The rest of the body, paused; `relayStream` consumes it. */
      readonly body: Readable;
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
    const path = endpoint.basePath + request.path;
    if (!call.stream) {
      const { statusCode: status, headers, body } = await requestWhole(endpoint.pool, {
        method: 'POST',
        path,
        headers: request.headers,
        body: request.body,
        signal,
        keepBytes: (statusCode) => (statusCode >= 400 ? MAX_ERROR_BODY_BYTES : Number.MAX_SAFE_INTEGER),
      });
      if (status >= 400) return statusFailure(status, headers, body);
      return { ok: true, kind: 'json', status, headers, body };
    }
    const response = await endpoint.pool.request({ method: 'POST', path, headers: request.headers, body: request.body, signal });
    const { statusCode: status, headers, body } = response;
    if (status >= 400) return statusFailure(status, headers, await readBody(body, MAX_ERROR_BODY_BYTES));
    const first = await readFirstChunk(body);
    return { ok: true, kind: 'stream', status, headers, first, body };
  } catch (cause) {
    if (signal.aborted) return { ok: false, aborted: true };
    return { ok: false, failure: { kind: 'network', timeout: isTimeoutError(cause) }, cause };
  }
}

function statusFailure(status: number, headers: ResponseHeaders, body: Buffer): AttemptFailed {
  return {
    ok: false,
    failure: { kind: 'status', status, retryAfterMs: retryAfterMs(headers, Date.now()) },
    error: { status, headers, body },
  };
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
