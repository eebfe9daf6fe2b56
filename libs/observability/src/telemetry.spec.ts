import { context, propagation, trace } from '@opentelemetry/api';
import { PROMETHEUS_CONTENT_TYPE, startTelemetry, type Telemetry } from './telemetry';

describe('startTelemetry', () => {
  let telemetry: Telemetry | undefined;

  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
  });

  it('exposes a counter that was incremented in the Prometheus text', async () => {
    telemetry = startTelemetry({ serviceName: 'test-service', serviceVersion: '1.2.3' });
    const counter = telemetry.meter.createCounter('gatehouse_test_events', { description: 'Events seen by the test.' });
    counter.add(3, { outcome: 'ok' });
    counter.add(2, { outcome: 'ok' });

    const text = await telemetry.metricsText();

    expect(text).toContain('# TYPE gatehouse_test_events_total counter');
    expect(text).toMatch(/gatehouse_test_events_total\{outcome="ok"[^}]*\} 5/);
    expect(PROMETHEUS_CONTENT_TYPE).toContain('version=0.0.4');
  });

  it('registers the W3C trace context propagator and a working tracer', () => {
    telemetry = startTelemetry({ serviceName: 'test-service', serviceVersion: '1.2.3' });
    const span = telemetry.tracer.startSpan('unit');
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    span.end();
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
