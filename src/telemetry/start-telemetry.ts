/**
 * Installs the OpenTelemetry SDK for one app: a MeterProvider with the configured readers (the
 * Prometheus reader behind the admin listener's /metrics, a periodic OTLP/HTTP push) and, with
 * traces on, a TracerProvider batching spans to OTLP. Imported dynamically by the composition root
 * only when `telemetry.enabled` is true, so a disabled proxy never loads the SDK. The providers
 * are the app's own, never registered globally: several apps can share a process (tests), and a
 * host's global SDK is left alone. Export failures are counted and logged, never thrown: nothing
 * here can fail a request.
 */
import type { Meter, Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type IMetricReader,
  type MetricProducer,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { LocalMetrics } from './local-metrics.ts';
import { localMetricProducer } from './metric-producer.ts';
import type { TelemetryConfig } from './telemetry-schema.ts';

/** In-process exporters and readers (tests and the load test), used instead of OTLP. */
export interface TelemetryHooks {
  readonly spanExporter?: SpanExporter;
  /** Builds a reader over the given producers (the in-process per-request metrics). */
  readonly metricReader?: (producers: MetricProducer[]) => MetricReader;
}

export interface TelemetrySdk {
  readonly meter: Meter;
  /** The per-request metrics, aggregated in process and read by every reader. */
  readonly local: LocalMetrics;
  /** Present when traces are enabled. */
  readonly tracer: Tracer | undefined;
  /** The Prometheus text exposition of every metric; undefined when the endpoint is off. */
  readonly scrape: (() => Promise<string>) | undefined;
  /** Flushes and stops the providers (bounded: an unreachable collector cannot hold shutdown). */
  shutdown(): Promise<void>;
}

export interface TelemetryDeps {
  /** A failed export (after the SDK's own retries), by signal. */
  readonly onExportFailure: (signal: 'metrics' | 'traces') => void;
  readonly hooks?: TelemetryHooks;
  /** Wall clock, ms since epoch (metric timestamps). */
  readonly now: () => number;
}

const SHUTDOWN_TIMEOUT_MS = 2_000;

export function startTelemetry(settings: TelemetryConfig, deps: TelemetryDeps): TelemetrySdk {
  const resource = resourceFromAttributes({ 'service.name': settings.service_name });
  const endpoint = settings.otlp.endpoint?.replace(/\/+$/, '');
  const local = new LocalMetrics();
  const metricProducers = [localMetricProducer(local, deps.now(), deps.now)];
  const readers: IMetricReader[] = [];
  let prometheus: PrometheusExporter | undefined;
  if (settings.prometheus.enabled) {
    // A pull reader without its own server: /metrics is served by the admin listener.
    prometheus = new PrometheusExporter({ preventServerStart: true, metricProducers });
    readers.push(prometheus);
  }
  if (endpoint !== undefined) {
    const exporter = new OTLPMetricExporter({
      url: `${endpoint}/v1/metrics`,
      timeoutMillis: settings.otlp.timeout,
    });
    countFailures(exporter, () => deps.onExportFailure('metrics'));
    readers.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: settings.otlp.interval,
        exportTimeoutMillis: Math.min(settings.otlp.timeout, settings.otlp.interval),
        metricProducers,
      }),
    );
  }
  if (deps.hooks?.metricReader) readers.push(deps.hooks.metricReader(metricProducers));
  const meterProvider = new MeterProvider({ resource, readers });

  let tracerProvider: TracerProvider | undefined;
  const spanExporter =
    deps.hooks?.spanExporter ??
    (endpoint === undefined
      ? undefined
      : new OTLPTraceExporter({
          url: `${endpoint}/v1/traces`,
          timeoutMillis: settings.otlp.timeout,
        }));
  if (settings.traces.enabled && spanExporter !== undefined) {
    countFailures(spanExporter, () => deps.onExportFailure('traces'));
    tracerProvider = new TracerProvider({
      resource,
      // Sampled before any span is made (request-telemetry.ts: traces.sample_ratio).
      sampler: new AlwaysOnSampler(),
      spanProcessors: [
        // A bounded queue: under a flood, spans are dropped rather than memory grown.
        new BatchSpanProcessor({
          exporter: spanExporter,
          maxQueueSize: 16_384,
          maxExportBatchSize: 2_048,
          scheduledDelayMillis: 1_000,
          exportTimeoutMillis: settings.otlp.timeout,
        }),
      ],
    });
  }

  const serializer = new PrometheusSerializer('', false, undefined, true, true);
  const reader = prometheus;
  return {
    meter: meterProvider.getMeter('distillguard'),
    local,
    tracer: tracerProvider?.getTracer('distillguard'),
    scrape:
      reader === undefined
        ? undefined
        : async () => {
            const { resourceMetrics } = await reader.collect();
            return serializer.serialize(resourceMetrics);
          },
    async shutdown() {
      const stopping = Promise.allSettled([
        meterProvider.shutdown({ timeoutMillis: SHUTDOWN_TIMEOUT_MS }),
        tracerProvider?.shutdown(),
      ]);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS);
      });
      await Promise.race([stopping, deadline]);
      clearTimeout(timer);
    },
  };
}

/** Wraps an exporter's export so that a failed result is counted (the SDK only logs it). */
function countFailures(
  exporter: { export(items: never, done: (result: ExportResult) => void): void },
  onFailure: () => void,
): void {
  const original = exporter.export.bind(exporter);
  exporter.export = (items, done) => {
    original(items, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) onFailure();
      done(result);
    });
  };
}
