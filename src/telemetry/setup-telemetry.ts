/**
 * The app's telemetry, built once at start: with `telemetry.enabled` the OpenTelemetry SDK is
 * loaded (dynamic import — a disabled proxy never loads it) and the metric instruments and the
 * per-request telemetry are wired to it; disabled, both are no-ops and nothing else is allocated.
 */
import type { TelemetryConfig } from './telemetry-schema.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import {
  createRequestTelemetry,
  disabledTelemetry,
  type RequestTelemetry,
} from './request-telemetry.ts';
import type { TelemetryHooks, TelemetrySdk } from './start-telemetry.ts';
import type { Logger } from '../util/logger.ts';

export interface AppTelemetry {
  readonly metrics: Metrics;
  readonly requests: RequestTelemetry;
  /** The Prometheus exposition, when served. */
  readonly scrape: (() => Promise<string>) | undefined;
  shutdown(): Promise<void>;
}

export async function setupTelemetry(
  settings: TelemetryConfig,
  logger: Logger,
  now: () => number,
  hooks: TelemetryHooks | undefined,
): Promise<AppTelemetry> {
  let sdk: TelemetrySdk | undefined;
  if (settings.enabled) {
    const { startTelemetry } = await import('./start-telemetry.ts');
    sdk = startTelemetry(settings, {
      onExportFailure: (signal) => {
        metrics.failure('telemetry_export', signal);
        logger.throttled(`otlp_${signal}`, 60_000, 'warn', 'telemetry export failed', { signal });
      },
      ...(hooks ? { hooks } : {}),
      now,
    });
  }
  const metrics = createMetrics(sdk);
  return {
    metrics,
    requests: sdk
      ? createRequestTelemetry(metrics, sdk.tracer, settings.traces.sample_ratio)
      : disabledTelemetry,
    scrape: sdk?.scrape,
    shutdown: () => sdk?.shutdown() ?? Promise.resolve(),
  };
}
