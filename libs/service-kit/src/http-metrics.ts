import type { Histogram, Meter } from '@opentelemetry/api';
import type { ServiceFastify } from './fastify-instance';

/** The request-duration histogram every service records, for Fastify routes and request lanes. */
export function requestDurationHistogram(meter: Meter): Histogram {
  return meter.createHistogram('http.server.request.duration', {
    description: 'Time to answer an HTTP request.',
    unit: 's',
  });
}

/**
 * Records one histogram sample per answered request. The instrument is created once; the hook
 * only reads fields Fastify already computed, so the cost per request is a map lookup.
 */
export function registerHttpMetrics(fastify: ServiceFastify, duration: Histogram): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    duration.record(reply.elapsedTime / 1000, {
      'http.request.method': request.method,
      'http.route': request.routeOptions.url ?? 'unmatched',
      'http.response.status_code': reply.statusCode,
    });
    done();
  });
}
