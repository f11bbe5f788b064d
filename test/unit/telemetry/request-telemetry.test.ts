/**
 * Request telemetry: stage intervals from the pipeline's marks, the span tree built from them
 * (stamped with the times the stages ran), stage metrics, sampling, and the disabled path's
 * nothing-at-all (no marks, no-op instruments).
 */
import { MeterProvider, MetricReader, type Histogram } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { LocalMetrics } from '../../../src/telemetry/local-metrics.ts';
import { localMetricProducer } from '../../../src/telemetry/metric-producer.ts';
import {
  createMetrics,
  METRICS,
  noopMetrics,
  STAGES,
  type MetricSpec,
} from '../../../src/telemetry/metrics.ts';
import {
  createRequestTelemetry,
  disabledTelemetry,
  newMarks,
  STAGE,
  stageIntervals,
} from '../../../src/telemetry/request-telemetry.ts';
import { parserRejectRecord } from '../../../src/pipeline/parser-reject.ts';

class TestReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const START = Date.parse('2026-11-22T12:00:00Z');
const record = {
  ...parserRejectRecord(
    'req_1',
    START,
    '127.0.0.1',
    { client_ip_prefix_v4: 24, client_ip_prefix_v6: 48 },
    'DG_ERR_BAD_FRAMING',
    'x',
  ),
  action: 'allow' as const,
  status: 200,
  account: 'acct_1',
  route: 'openai.chat_completions',
  policy_version: 'pol_1',
  score: 0.3,
};

/** Marks 1 ms apart from mono 100 for every stage through `last`. */
function times(last: number, upstream: boolean) {
  const marks = new Float64Array(STAGES.length);
  for (let i = 0; i <= last; i++) marks[i] = 101 + i;
  return {
    marks,
    startedAt: START,
    startedMono: 100,
    upstreamStart: upstream ? 111 : 0,
    upstreamEnd: upstream ? 150 : 0,
  };
}

describe('stage intervals', () => {
  it('covers every stage of a forwarded request, then forward and record', () => {
    const intervals = stageIntervals(times(STAGE.act, true), 160, 161);
    expect(intervals.map((i) => i.stage)).toEqual([...STAGES]);
    expect(intervals[0]).toEqual({ stage: 'route', index: 0, start: 100, end: 101 });
    expect(intervals.at(-2)).toEqual({ stage: 'forward', index: 9, start: 109, end: 150 });
    expect(intervals.at(-1)).toEqual({ stage: 'record', index: 10, start: 160, end: 161 });
  });

  it('ends a locally answered request in the stage that answered it', () => {
    const intervals = stageIntervals(times(STAGE.admit, false), 120, 121);
    expect(intervals.map((i) => i.stage)).toEqual([
      'route',
      'inspect',
      'admit',
      'authenticate',
      'record',
    ]);
    expect(intervals[3]).toEqual({ stage: 'authenticate', index: 3, start: 103, end: 120 });
  });
});

describe('request telemetry', () => {
  it('builds a dg.request span with a child per stage, at the times they ran', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const local = new LocalMetrics();
    const reader = new TestReader({
      metricProducers: [localMetricProducer(local, START, () => START + 1000)],
    });
    const meters = new MeterProvider({ readers: [reader] });
    const metrics = createMetrics({ meter: meters.getMeter('t'), local });
    const telemetry = createRequestTelemetry(metrics, provider.getTracer('t'));
    telemetry.finish(times(STAGE.act, true), record, 160, 161);
    metrics.request(record);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((span) => span.name === 'dg.request');
    expect(root?.attributes).toMatchObject({
      'dg.request_id': 'req_1',
      'dg.account': 'acct_1',
      'dg.action': 'allow',
    });
    const children = spans.filter(
      (span) => span.parentSpanContext?.spanId === root?.spanContext().spanId,
    );
    expect(children.map((span) => span.name)).toEqual(STAGES.map((stage) => `dg.stage.${stage}`));
    const route = children[0]!;
    // Wall time of the route stage: arrival + 0 ms to arrival + 1 ms (HrTime: seconds, nanoseconds).
    expect(route.startTime).toEqual([Math.floor(START / 1000), (START % 1000) * 1e6]);
    expect(route.endTime).toEqual([Math.floor(START / 1000), ((START % 1000) + 1) * 1e6]);

    const { resourceMetrics } = await reader.collect();
    const collected = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const named = (spec: MetricSpec) =>
      collected.find((metric) => metric.descriptor.name === spec.name);
    const stages = named(METRICS.stages);
    expect(stages?.dataPoints.map((point) => point.attributes.stage)).toEqual([...STAGES]);
    // Route lasted 1 ms: one value in the (0.5, 1] bucket.
    const routeMs = stages?.dataPoints[0]?.value as Histogram;
    expect(routeMs.count).toBe(1);
    expect(routeMs.buckets.counts[routeMs.buckets.boundaries.indexOf(1)]).toBe(1);
    expect(named(METRICS.requests)?.dataPoints).toMatchObject([
      { attributes: { action: 'allow', mode: 'enforce', status_class: '2xx' }, value: 1 },
    ]);
    expect(named(METRICS.score)?.dataPoints).toMatchObject([{ attributes: { action: 'allow' } }]);
    await provider.shutdown();
  });

  it('traces only the sampled share of requests', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const draws = [0.5, 0.05, 0.2];
    const telemetry = createRequestTelemetry(
      noopMetrics,
      provider.getTracer('t'),
      0.1,
      () => draws.shift() ?? 1,
    );
    for (let i = 0; i < 3; i++) telemetry.finish(times(STAGE.act, true), record, 160, 161);
    const roots = exporter.getFinishedSpans().filter((span) => span.name === 'dg.request');
    expect(roots).toHaveLength(1); // only the draw of 0.05 is under 0.1
  });

  it('costs nothing when disabled: no marks, no-op instruments', () => {
    expect(newMarks(disabledTelemetry)).toBeNull();
    expect(createMetrics(undefined)).toBe(noopMetrics);
    expect(newMarks(createRequestTelemetry(noopMetrics, undefined))).toHaveLength(STAGES.length);
  });
});
