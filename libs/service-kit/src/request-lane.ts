import type { Histogram } from '@opentelemetry/api';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * Answers a request before Fastify sees it. Returns the route template it took the request for
 * (recorded as `http.route` in the request-duration metric), or null to leave it to Fastify.
 * For a service's few hot routes only: everything else keeps Fastify's routing, hooks and errors.
 */
export type RequestLane = (req: IncomingMessage, res: ServerResponse) => string | null;

/** Late-bound: the lane is built in `configureHttp`, after Fastify has created the server. */
export interface LaneSlot {
  lane: RequestLane | undefined;
  /** False once shutdown starts; Fastify then answers 503 so clients retry elsewhere. */
  accepting: () => boolean;
}

/**
 * The server's request listener: the lane first, Fastify for whatever it declines. Lane requests
 * get the same duration histogram sample Fastify's `onResponse` hook records for its own routes.
 */
export function laneListener(
  slot: LaneSlot,
  fastify: RequestListener,
  duration: Histogram,
): RequestListener {
  return (req, res) => {
    const lane = slot.lane;
    if (lane === undefined || !slot.accepting()) return fastify(req, res);
    const startedAt = performance.now();
    const route = lane(req, res);
    if (route === null) return fastify(req, res);
    res.once('close', () => {
      duration.record((performance.now() - startedAt) / 1000, {
        'http.request.method': req.method ?? 'UNKNOWN',
        'http.route': route,
        'http.response.status_code': res.statusCode,
      });
    });
  };
}
