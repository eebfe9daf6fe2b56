import type { Dispatcher } from 'undici';
import type { ResponseHeaders } from './upstream-attempt';

export interface WholeResponse {
  readonly statusCode: number;
  readonly headers: ResponseHeaders;
  readonly body: Buffer;
}

export interface WholeRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
  readonly signal: AbortSignal;
  /** Bytes of body kept for a status; the rest is read and dropped (error bodies are capped). */
  readonly keepBytes: (statusCode: number) => number;
}

/**
 * Sends one request through an undici dispatcher and resolves with the complete answer. For
 * non-streaming calls this replaces `Dispatcher.request`, whose body is a Readable with its own
 * async iterator and end-of-stream listeners per response: on small requests that wrapper was a
 * measurable share of the proxy's CPU and young-generation garbage (ADR 0011, ADR 0018). Rejects
 * with undici's error (connect, timeout, reset) or with the signal's reason once aborted.
 */
export function requestWhole(
  dispatcher: Dispatcher,
  request: WholeRequest,
): Promise<WholeResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = request;
    let controller: Dispatcher.DispatchController | null = null;
    let statusCode = 0;
    let headers: ResponseHeaders = {};
    let keep = 0;
    let size = 0;
    const chunks: Buffer[] = [];
    const onAbort = (): void => controller?.abort(abortReason(signal));
    const finish = (): void => signal.removeEventListener('abort', onAbort);
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (signal.aborted) started.abort(abortReason(signal));
      },
      onResponseStart(_controller, status, responseHeaders) {
        statusCode = status;
        headers = responseHeaders;
        keep = request.keepBytes(status);
      },
      onResponseData(_controller, chunk) {
        if (size < keep) chunks.push(chunk);
        size += chunk.length;
      },
      onResponseEnd() {
        finish();
        resolve({
          statusCode,
          headers,
          body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
        });
      },
      onResponseError(_controller, error) {
        finish();
        reject(error);
      },
    };
    try {
      dispatcher.dispatch(
        {
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
        },
        handler,
      );
    } catch (error) {
      finish();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('The request was aborted', 'AbortError');
}
