/**
 * The per-request metrics, aggregated in process: fixed-bucket histograms over a closed set of
 * attribute combinations (series), kept in typed arrays — a record is a few array writes, with no
 * allocation and no attribute hashing. Measured on this project's machine, recording through the
 * SDK's instruments cost ~1.5 µs a histogram point (14 a request: ~20 µs, several percent of the
 * full path); this costs well under one. The SDK reads these at collection time through a
 * MetricProducer (metric-producer.ts), so exporters see ordinary cumulative OTel metrics.
 */
import { RECORD_ACTIONS } from '../policy/decision.ts';
import { METRICS, STAGES, type MetricSpec } from './metrics.ts';

/** One histogram: per series, n + 1 bucket counts (OTel's explicit buckets), sum, min, max. */
export class HistogramSet {
  readonly spec: MetricSpec;
  readonly boundaries: readonly number[];
  /** The attributes of each series, by index. */
  readonly series: readonly Readonly<Record<string, string>>[];
  readonly counts: Float64Array;
  readonly totals: Float64Array;
  readonly sums: Float64Array;
  readonly mins: Float64Array;
  readonly maxs: Float64Array;

  constructor(spec: MetricSpec, series: readonly Readonly<Record<string, string>>[]) {
    this.spec = spec;
    this.boundaries = spec.buckets ?? [];
    this.series = series;
    this.counts = new Float64Array(series.length * (this.boundaries.length + 1));
    this.totals = new Float64Array(series.length);
    this.sums = new Float64Array(series.length);
    this.mins = new Float64Array(series.length).fill(Infinity);
    this.maxs = new Float64Array(series.length).fill(-Infinity);
  }

  record(series: number, value: number): void {
    const boundaries = this.boundaries;
    let bucket = 0;
    // Inclusive upper bounds, as OTel defines explicit buckets.
    while (bucket < boundaries.length && value > (boundaries[bucket] ?? Infinity)) bucket++;
    const cell = series * (boundaries.length + 1) + bucket;
    this.counts[cell] = (this.counts[cell] ?? 0) + 1;
    this.totals[series] = (this.totals[series] ?? 0) + 1;
    this.sums[series] = (this.sums[series] ?? 0) + value;
    if (value < (this.mins[series] ?? Infinity)) this.mins[series] = value;
    if (value > (this.maxs[series] ?? -Infinity)) this.maxs[series] = value;
  }
}

const MODES = ['enforce', 'shadow'] as const;
/** Status classes 1xx to 5xx (499, client closed, is 4xx). */
const STATUS_CLASSES = 5;
const ACTION_INDEX = new Map<string, number>(
  RECORD_ACTIONS.map((action, index) => [action, index]),
);

/** dg.requests (the duration histogram's counts), dg.request.duration, dg.score, dg.stage.duration. */
export class LocalMetrics {
  readonly duration: HistogramSet;
  readonly score: HistogramSet;
  readonly stages: HistogramSet;

  constructor() {
    const requestSeries = RECORD_ACTIONS.flatMap((action) =>
      MODES.flatMap((mode) =>
        Array.from({ length: STATUS_CLASSES }, (_, c) =>
          Object.freeze({ action, mode, status_class: `${c + 1}xx` }),
        ),
      ),
    );
    this.duration = new HistogramSet(METRICS.duration, requestSeries);
    this.score = new HistogramSet(
      METRICS.score,
      RECORD_ACTIONS.map((action) => Object.freeze({ action })),
    );
    this.stages = new HistogramSet(
      METRICS.stages,
      STAGES.map((stage) => Object.freeze({ stage })),
    );
  }

  /** One finished request; `scored`: it reached the score stage. */
  request(
    action: string,
    shadow: boolean,
    status: number,
    ms: number,
    score: number | undefined,
  ): void {
    const a = ACTION_INDEX.get(action) ?? RECORD_ACTIONS.length - 1;
    const statusClass = Math.min(STATUS_CLASSES, Math.max(1, Math.floor(status / 100)));
    this.duration.record(
      (a * MODES.length + (shadow ? 1 : 0)) * STATUS_CLASSES + statusClass - 1,
      ms,
    );
    if (score !== undefined) this.score.record(a, score);
  }

  stage(index: number, ms: number): void {
    this.stages.record(index, ms);
  }
}
