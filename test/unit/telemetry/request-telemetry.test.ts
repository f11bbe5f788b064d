/**
 * Request telemetry: stage intervals from the pipeline's marks, the span tree built from them
 * (stamped with the times the stages ran), stage metrics, sampling, and the disabled path's
 * nothing-at-all (no marks, no-op instruments).
 */
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createMetrics, METRICS, noopMetrics, STAGES } from '../../../src/telemetry/metrics.ts';
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
    expect(intervals[0]).toEqual({ stage: 'route', start: 100, end: 101 });
    expect(intervals.at(-2)).toEqual({ stage: 'forward', start: 109, end: 150 });
    expect(intervals.at(-1)).toEqual({ stage: 'record', start: 160, end: 161 });
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
    expect(intervals[3]).toEqual({ stage: 'authenticate', start: 103, end: 120 });
  });
});

describe('request telemetry', () => {
  it('builds a dg.request span with a child per stage, at the times they ran', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const reader = new TestReader();
    const meters = new MeterProvider({ readers: [reader] });
    const telemetry = createRequestTelemetry(
      createMetrics(meters.getMeter('t')),
      provider.getTracer('t'),
    );
    telemetry.finish(times(STAGE.act, true), record, 160, 161);
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
    const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const stages = metrics.find((metric) => metric.descriptor.name === METRICS.stages.name);
    expect(stages?.dataPoints.map((point) => point.attributes.stage)).toEqual([...STAGES]);
    await provider.shutdown();
  });

  it('skips the children of an unsampled request', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      sampler: new TraceIdRatioBasedSampler(0),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    createRequestTelemetry(noopMetrics, provider.getTracer('t')).finish(
      times(STAGE.act, true),
      record,
      160,
      161,
    );
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('costs nothing when disabled: no marks, no-op instruments', () => {
    expect(newMarks(disabledTelemetry)).toBeNull();
    expect(createMetrics(undefined)).toBe(noopMetrics);
    expect(newMarks(createRequestTelemetry(noopMetrics, undefined))).toHaveLength(STAGES.length);
  });
});
