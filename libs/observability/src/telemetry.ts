import { context, metrics, propagation, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion: string;
  /**
   * OTLP/HTTP base URL (e.g. `http://collector:4318`). Traces and metrics are pushed there only
   * when it is set; Prometheus scraping of `/metrics` works either way.
   */
  otlpEndpoint?: string;
  /** How often metrics are pushed over OTLP. */
  otlpMetricsIntervalMs?: number;
}

export interface Telemetry {
  readonly tracer: Tracer;
  readonly meter: Meter;
  /** Current metrics in the Prometheus text exposition format, for the service's `/metrics` route. */
  metricsText(): Promise<string>;
  /** Flushes pending spans and metrics and unregisters the global providers. */
  shutdown(): Promise<void>;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Sets up tracing and metrics for one service process and registers them as the global
 * OpenTelemetry providers. The Prometheus exporter is a pull reader that never opens a port of
 * its own (`preventServerStart`): the service serves the text on its own HTTP server, so there is
 * one port per service to secure and probe.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_SERVICE_VERSION]: options.serviceVersion,
  });
  const endpoint = options.otlpEndpoint?.replace(/\/+$/, '');

  // Without an endpoint there is no span processor: spans are still created for context
  // propagation, but cost nothing to export.
  const spanProcessors: SpanProcessor[] = endpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))]
    : [];
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
  tracerProvider.register({ propagator: new W3CTraceContextPropagator() });

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const serializer = new PrometheusSerializer();
  const readers: IMetricReader[] = [prometheus];
  if (endpoint) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
        exportIntervalMillis: options.otlpMetricsIntervalMs ?? 15_000,
      }),
    );
  }
  const meterProvider = new MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(meterProvider);

  return {
    tracer: tracerProvider.getTracer(options.serviceName, options.serviceVersion),
    meter: meterProvider.getMeter(options.serviceName, options.serviceVersion),
    async metricsText() {
      const { resourceMetrics } = await prometheus.collect();
      return serializer.serialize(resourceMetrics);
    },
    async shutdown() {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
