/**
 * The `telemetry` config section: metrics through OpenTelemetry (a Prometheus scrape endpoint on
 * the admin listener, and/or OTLP/HTTP pushes to a collector) and, optionally, spans per pipeline
 * stage. Read at start only: the SDK is loaded (dynamic import) only when `enabled` is true.
 */
import { z } from 'zod';
import { duration } from '../config/units.ts';

export const telemetrySchema = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe('Record metrics (and spans when traces.enabled) with the OpenTelemetry SDK.'),
  service_name: z.string().min(1).default('distillguard').describe('The service.name resource.'),
  traces: z
    .strictObject({
      enabled: z.boolean().default(false).describe('A span per request and per pipeline stage.'),
      sample_ratio: z
        .number()
        .min(0)
        .max(1)
        .default(0.01)
        .describe(
          'Share of requests traced (each traced request costs ~60 µs of CPU); metrics count every request.',
        ),
    })
    .prefault({}),
  prometheus: z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .describe('Serve GET /metrics (Prometheus text format) on the admin listener.'),
    })
    .prefault({}),
  otlp: z
    .strictObject({
      endpoint: z
        .url({ protocol: /^https?$/ })
        .optional()
        .describe(
          'OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318): metrics go to /v1/metrics, spans to /v1/traces. Absent: no push.',
        ),
      interval: duration('10s').describe('How often metrics are pushed.'),
      timeout: duration('5s').describe('Longest an export may take; a failed one is counted.'),
    })
    .prefault({}),
});

export type TelemetryConfig = z.output<typeof telemetrySchema>;
