/**
 * The closed metric vocabulary. Every metric distillguard emits is declared in METRICS and nowhere
 * else (the README's table is tested against it). Rare events (failures, reloads, store errors)
 * are recorded through @opentelemetry/api instruments on the Meter the telemetry SDK hands in; the
 * per-request ones are aggregated in process (local-metrics.ts) and read by the SDK when it
 * collects. Disabled, every method is a plain no-op function, so the hot path pays one call.
 * Nothing here can change a decision or fail a request.
 */
import type { Meter } from '@opentelemetry/api';
import type { DecisionRecord } from '../decision-log/record.ts';
import type { LocalMetrics } from './local-metrics.ts';

export type FailureKind =
  | 'decision_log_write'
  | 'decision_log_drop'
  | 'audit_log_write'
  | 'config_reload'
  | 'key_file_reload'
  | 'jwks'
  /** Redis: command failures and timeouts, breaker openings, each store's fallback uses, corrupt values. */
  | 'redis'
  | 'upstream'
  | 'overload'
  | 'thinking_restore'
  /** A detection refresh tick skipped: the previous refresh overran its interval (stale cluster risk). */
  | 'detection_refresh'
  | 'telemetry_export'
  | 'internal';

/** The stores a failure can come from (the Redis stores count their errors here). */
export type StoreName = 'limits' | 'challenges' | 'blocks' | 'overrides' | 'keys';

/** Pipeline stages timed by dg.stage.duration and traced as `dg.stage.<stage>` spans. */
export const STAGES = [
  'route',
  'inspect',
  'admit',
  'authenticate',
  'account',
  'signals',
  'score',
  'policy',
  'act',
  'forward',
  'record',
] as const;
export type Stage = (typeof STAGES)[number];

export interface MetricSpec {
  readonly name: string;
  readonly kind: 'counter' | 'histogram';
  readonly unit: string;
  readonly attributes: readonly string[];
  readonly description: string;
  /** Histogram bucket boundaries (advice to the SDK). */
  readonly buckets?: readonly number[];
}

const MS_BUCKETS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];
const STAGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 100, 1000];
const SCORE_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9, 1];

/** The vocabulary: names, kinds, units and attribute keys. Nothing else is ever emitted. */
export const METRICS = {
  requests: {
    name: 'dg.requests',
    kind: 'counter',
    unit: '{request}',
    attributes: ['action', 'mode', 'status_class'],
    description: 'Requests finished, by enforced action, mode (enforce | shadow) and status class',
  },
  duration: {
    name: 'dg.request.duration',
    kind: 'histogram',
    unit: 'ms',
    attributes: ['action', 'mode', 'status_class'],
    description: 'Request duration from arrival to the response closing, streams included',
    buckets: MS_BUCKETS,
  },
  score: {
    name: 'dg.score',
    kind: 'histogram',
    unit: '1',
    attributes: ['action'],
    description: 'Risk score of scored requests, by enforced action',
    buckets: SCORE_BUCKETS,
  },
  stages: {
    name: 'dg.stage.duration',
    kind: 'histogram',
    unit: 'ms',
    attributes: ['stage'],
    description: 'Time spent in each pipeline stage (forward: until the upstream finished)',
    buckets: STAGE_BUCKETS,
  },
  failures: {
    name: 'dg.failures',
    kind: 'counter',
    unit: '{use}',
    attributes: ['kind', 'detail'],
    description:
      'Every use of a failure path (a failure mode taken, a write or export that failed)',
  },
  storeErrors: {
    name: 'dg.store.errors',
    kind: 'counter',
    unit: '{error}',
    attributes: ['store', 'failure_mode'],
    description: 'Shared-store errors, by store and the failure mode applied (open | closed)',
  },
  rechecks: {
    name: 'dg.recheck',
    kind: 'counter',
    unit: '{request}',
    attributes: ['result'],
    description:
      'Forwarded requests judged again in flight after an escalation: withheld (a JSON answer), cut (a stream) or kept',
  },
  reloads: {
    name: 'dg.config.reloads',
    kind: 'counter',
    unit: '{reload}',
    attributes: ['source', 'result'],
    description: 'Config and key-file reload attempts, by result (ok | error)',
  },
} as const satisfies Record<string, MetricSpec>;

export interface Metrics {
  /** dg.requests, dg.request.duration and dg.score: one finished request. */
  request(record: DecisionRecord): void;
  /** dg.stage.duration: one stage (its STAGES index) of one request. */
  stage(stage: number, durationMs: number): void;
  /** dg.failures: every use of a failure path, by kind (the "failure mode used" counter). */
  failure(kind: FailureKind, detail: string, count?: number): void;
  /** dg.store.errors: a shared store failed and its failure mode was applied. */
  storeError(store: StoreName, failureMode: 'open' | 'closed'): void;
  /** dg.config.reloads: reload attempts by result. */
  reload(source: 'config' | 'key_file', ok: boolean): void;
  /** dg.recheck: a forwarded request judged again in flight (pipeline/recheck-in-flight.ts). */
  recheck(result: 'withheld' | 'cut' | 'kept'): void;
}

export const noopMetrics: Metrics = {
  request() {},
  stage() {},
  failure() {},
  storeError() {},
  reload() {},
  recheck() {},
};

export interface MetricsSink {
  readonly meter: Meter;
  readonly local: LocalMetrics;
}

/** The recording side of the vocabulary, or the no-op set when telemetry is disabled (no sink). */
export function createMetrics(sink: MetricsSink | undefined): Metrics {
  if (sink === undefined) return noopMetrics;
  const { meter, local } = sink;
  const counter = (spec: MetricSpec) =>
    meter.createCounter(spec.name, { description: spec.description, unit: spec.unit });
  const failures = counter(METRICS.failures);
  const storeErrors = counter(METRICS.storeErrors);
  const reloads = counter(METRICS.reloads);
  const rechecks = counter(METRICS.rechecks);
  return {
    request(record) {
      // A record without a policy version never reached the score stage: no score to count.
      const score = record.policy_version === null ? undefined : record.score;
      local.request(
        record.action,
        record.mode === 'shadow',
        record.status,
        record.latency_ms.total,
        score,
      );
    },
    stage(stage, durationMs) {
      local.stage(stage, durationMs);
    },
    failure(kind, detail, count = 1) {
      failures.add(count, { kind, detail });
    },
    storeError(store, failureMode) {
      storeErrors.add(1, { store, failure_mode: failureMode });
    },
    reload(source, ok) {
      reloads.add(1, { source, result: ok ? 'ok' : 'error' });
    },
    recheck(result) {
      rechecks.add(1, { result });
    },
  };
}
