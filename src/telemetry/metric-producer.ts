/**
 * Hands the in-process per-request metrics (local-metrics.ts) to the SDK's readers: at each
 * collection (a Prometheus scrape, an OTLP push) it turns the histograms into cumulative OTel
 * metric data — dg.request.duration, dg.score and dg.stage.duration, and dg.requests as the
 * duration histogram's counts — with only the series that have seen a value. Loaded with the SDK.
 */
import { ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type HistogramMetricData,
  type MetricData,
  type MetricProducer,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { HistogramSet, LocalMetrics } from './local-metrics.ts';
import { METRICS, type MetricSpec } from './metrics.ts';

/** The producer over `local`; `now` dates each collection, `startedAt` every series' start. */
export function localMetricProducer(
  local: LocalMetrics,
  startedAt: number,
  now: () => number,
): MetricProducer {
  const startTime = millisToHrTime(startedAt);
  return {
    collect() {
      const endTime = millisToHrTime(now());
      const times = { startTime, endTime };
      const metrics: MetricData[] = [
        requestCounts(local.duration, times),
        histogram(local.duration, times),
        histogram(local.score, times),
        histogram(local.stages, times),
      ];
      return Promise.resolve({
        // Readers keep their own resource (the app's) and take only the scope metrics.
        resourceMetrics: {
          resource: resourceFromAttributes({}),
          scopeMetrics: [{ scope: { name: 'distillguard' }, metrics }],
        },
        errors: [],
      });
    },
  };
}

type Times = Pick<HistogramMetricData['dataPoints'][number], 'startTime' | 'endTime'>;

function descriptor(spec: MetricSpec): MetricData['descriptor'] {
  return {
    name: spec.name,
    description: spec.description,
    unit: spec.unit,
    valueType: ValueType.DOUBLE,
  };
}

/** Indexes of the series that have recorded something. */
function live(set: HistogramSet): number[] {
  const out: number[] = [];
  for (let series = 0; series < set.series.length; series++)
    if ((set.totals[series] ?? 0) > 0) out.push(series);
  return out;
}

function histogram(set: HistogramSet, times: Times): HistogramMetricData {
  const width = set.boundaries.length + 1;
  return {
    descriptor: descriptor(set.spec),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: live(set).map((series) => ({
      ...times,
      attributes: set.series[series] ?? {},
      value: {
        buckets: {
          boundaries: [...set.boundaries],
          counts: Array.from(set.counts.subarray(series * width, (series + 1) * width)),
        },
        sum: set.sums[series] ?? 0,
        count: set.totals[series] ?? 0,
        min: set.mins[series] ?? 0,
        max: set.maxs[series] ?? 0,
      },
    })),
  };
}

/** dg.requests: a monotonic sum per request series, the duration histogram's counts. */
function requestCounts(duration: HistogramSet, times: Times): SumMetricData {
  return {
    descriptor: descriptor(METRICS.requests),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: live(duration).map((series) => ({
      ...times,
      attributes: duration.series[series] ?? {},
      value: duration.totals[series] ?? 0,
    })),
  };
}
