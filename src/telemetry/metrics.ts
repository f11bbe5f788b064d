/**
 * The closed metric vocabulary. Every metric distillguard emits is declared here and nowhere else,
 * recorded through @opentelemetry/api (a no-op until the host installs an SDK). With telemetry
 * disabled the instruments are plain no-op functions, so the hot path pays one call. Nothing here
 * can change a decision or fail a request.
 */
import { metrics as otelMetrics } from '@opentelemetry/api';

export type FailureKind =
  | 'decision_log_write'
  | 'decision_log_drop'
  | 'config_reload'
  | 'key_file_reload'
  | 'jwks'
  /** Redis: command failures and timeouts, breaker openings, each store's fallback uses, corrupt values. */
  | 'redis'
  | 'upstream'
  | 'overload'
  | 'internal';

export interface Metrics {
  /** dg.requests: every finished request, by action, mode and status class. */
  request(action: string, mode: string, status: number, durationMs: number): void;
  /** dg.failures: every use of a failure path, by kind (the "failure mode used" counter). */
  failure(kind: FailureKind, detail: string, count?: number): void;
  /** dg.config.reloads: reload attempts by result. */
  reload(source: 'config' | 'key_file', ok: boolean): void;
}

export const noopMetrics: Metrics = { request() {}, failure() {}, reload() {} };

export function createMetrics(enabled: boolean, serviceName: string): Metrics {
  if (!enabled) return noopMetrics;
  const meter = otelMetrics.getMeter(serviceName);
  const requests = meter.createCounter('dg.requests', { description: 'Requests finished' });
  const duration = meter.createHistogram('dg.request.duration', {
    description: 'Request duration, including streams',
    unit: 'ms',
  });
  const failures = meter.createCounter('dg.failures', { description: 'Uses of a failure path' });
  const reloads = meter.createCounter('dg.config.reloads', {
    description: 'Config reload attempts',
  });
  return {
    request(action, mode, status, durationMs) {
      const attributes = { action, mode, status_class: `${Math.floor(status / 100)}xx` };
      requests.add(1, attributes);
      duration.record(durationMs, attributes);
    },
    failure(kind, detail, count = 1) {
      failures.add(count, { kind, detail });
    },
    reload(source, ok) {
      reloads.add(1, { source, result: ok ? 'ok' : 'error' });
    },
  };
}
