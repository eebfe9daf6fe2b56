/** SSE frames the proxy itself adds to a stream, encoded once. */

export const PING_FRAME = Buffer.from('event: ping\ndata: {"type": "ping"}\n\n');

/**
 * Sent when the upstream fails after the status line went out: the status cannot change any
 * more, so the failure is reported the way the API reports mid-stream errors, and the SDK raises it.
 */
export const UPSTREAM_CUT_MESSAGE = 'The upstream connection failed mid-stream; retry the request.';
export const UPSTREAM_CUT_FRAME = Buffer.from(
  `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: UPSTREAM_CUT_MESSAGE } })}\n\n`,
);
