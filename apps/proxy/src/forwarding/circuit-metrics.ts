import type { Meter } from '@opentelemetry/api';
import { CIRCUIT_STATE_VALUE } from './circuit-breaker';
import type { UpstreamEndpointRuntime } from './upstream-endpoint';

/** Exposes each upstream's breaker as a gauge read at scrape time (no per-request cost). */
export function registerCircuitMetrics(meter: Meter, endpoints: readonly UpstreamEndpointRuntime[]): void {
  const gauge = meter.createObservableGauge('gatehouse.proxy.upstream.circuit_state', {
    description: 'Circuit breaker state per upstream endpoint: 0 closed, 1 half-open, 2 open.',
  });
  gauge.addCallback((result) => {
    for (const endpoint of endpoints) {
      result.observe(CIRCUIT_STATE_VALUE[endpoint.breaker.current], { 'gatehouse.upstream.id': endpoint.id });
    }
  });
}
