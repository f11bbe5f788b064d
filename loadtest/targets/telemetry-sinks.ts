/**
 * In-process sinks for the telemetry-on target: spans go through the real BatchSpanProcessor to
 * an exporter that counts and drops them, and metrics are collected every 10 s (a typical scrape
 * or push interval) by a periodic reader whose exporter drops them. What is measured is the
 * proxy's own telemetry work — recording, span building, batching, collection — without the
 * network or a collector competing for the pinned core.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  AggregationTemporality,
  PeriodicExportingMetricReader,
  type MetricProducer,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TelemetryHooks } from '../../src/telemetry/start-telemetry.ts';

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

export function telemetrySinks(): TelemetryHooks & { exported(): number } {
  let spans = 0;
  const spanExporter: SpanExporter = {
    export(items, done) {
      spans += items.length;
      done(SUCCESS);
    },
    shutdown: () => Promise.resolve(),
  };
  const metricReader = (producers: MetricProducer[]): MetricReader =>
    new PeriodicExportingMetricReader({
      exporter: {
        export: (_metrics, done) => done(SUCCESS),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
        selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
      },
      exportIntervalMillis: 10_000,
      metricProducers: producers,
    });
  return { spanExporter, metricReader, exported: () => spans };
}
