/**
 * Scenario (c): 64 SSE streams kept open concurrently for a while (each lane starts a new stream
 * when its last one ends). Per stream: time to first event (TTFB), whole-stream time, and the
 * arrival time of every event. The upstream sends an event every 10 ms; an event counts as
 * batched when it reaches the client less than 2 ms after the previous one — i.e. the proxy held
 * it back until the next was sent (or beyond). A proxy that forwards event by event scores ≈ 0.
 */
import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import {
  CHAT_PATH,
  clientHeaderList,
  SSE_EVENT_COUNT,
  SSE_EVENT_INTERVAL_MS,
  STREAM_REQUEST_BODY,
} from '../fixtures.ts';
import { SampleBuffer, type Percentiles } from '../stats.ts';

export interface SseParams {
  readonly url: string;
  readonly clientKey: string;
  readonly streams: number;
  readonly seconds: number;
}

export interface SseResult {
  readonly completed: number;
  /** Streams that failed, were not 2xx, or ended with a wrong number of events. */
  readonly errors: number;
  readonly ttfb: Percentiles;
  readonly whole: Percentiles;
  /** Gaps between consecutive events at the client (ms). */
  readonly gap: Percentiles;
  /** Share of events that arrived < BATCH_GAP_MS after the previous one. */
  readonly batchedFraction: number;
}

const BATCH_GAP_MS = 2;
/** Streams still open this long after the last one was started are abandoned as errors. */
const DRAIN_GRACE_MS = 10_000;
const LF = 0x0a;

/** Events completed in `chunk` (blank-line boundaries), carrying a trailing LF over chunks. */
function countBoundaries(chunk: Buffer, previousEndedWithLf: boolean): number {
  let count = previousEndedWithLf && chunk[0] === LF ? 1 : 0;
  for (let i = chunk.indexOf(LF); i !== -1 && i + 1 < chunk.length; i = chunk.indexOf(LF, i + 1))
    if (chunk[i + 1] === LF) count++;
  return count;
}

class Stream implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private status = 0;
  private over = false;
  private events = 0;
  private lastEventAt = 0;
  private endedWithLf = false;
  private readonly result: Recorder;
  private readonly done: () => void;

  constructor(result: Recorder, done: () => void) {
    this.result = result;
    this.done = done;
  }

  onRequestStart(): void {
    // Required by undici's handler contract; the clock started at construction.
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const now = performance.now();
    const events = countBoundaries(chunk, this.endedWithLf);
    this.endedWithLf = chunk[chunk.length - 1] === LF;
    if (this.events === 0 && events > 0) this.result.ttfb.push(now - this.started);
    for (let i = 0; i < events; i++) {
      // Events after the first in one chunk arrived together with it: a gap of 0.
      if (this.events > 0) this.result.gap(i === 0 ? now - this.lastEventAt : 0);
      this.events++;
    }
    if (events > 0) this.lastEventAt = now;
  }

  onResponseEnd(): void {
    if (this.over) return;
    this.over = true;
    const ok = this.status >= 200 && this.status < 300 && this.events === SSE_EVENT_COUNT;
    if (ok) this.result.whole.push(performance.now() - this.started);
    else this.result.errors++;
    this.done();
  }

  onResponseError(): void {
    if (this.over) return;
    this.over = true;
    this.result.errors++;
    this.done();
  }
}

class Recorder {
  readonly ttfb: SampleBuffer;
  readonly whole: SampleBuffer;
  readonly gaps: SampleBuffer;
  batched = 0;
  errors = 0;

  constructor(expectedStreams: number) {
    const cap = expectedStreams * 4;
    this.ttfb = new SampleBuffer(expectedStreams, cap);
    this.whole = new SampleBuffer(expectedStreams, cap);
    this.gaps = new SampleBuffer(expectedStreams * SSE_EVENT_COUNT, cap * SSE_EVENT_COUNT);
  }

  gap(ms: number): void {
    this.gaps.push(ms);
    if (ms < BATCH_GAP_MS) this.batched++;
  }
}

export function runSseStreams(params: SseParams): Promise<SseResult> {
  const streamMs = SSE_EVENT_COUNT * SSE_EVENT_INTERVAL_MS;
  const expected = Math.ceil((params.streams * params.seconds * 1000) / streamMs);
  const recorder = new Recorder(expected);
  const pool = new Pool(params.url, { connections: params.streams, pipelining: 1 });
  const headers = clientHeaderList(params.clientKey);
  const stopStartingAt = performance.now() + params.seconds * 1000;
  // Bounded in count as well as time: never more than twice the expected number of streams.
  const maxStreams = expected * 2;
  let startedStreams = 0;
  let open = 0;

  return new Promise((resolve) => {
    let settled = false;
    const timers = new Set<NodeJS.Timeout>();
    const deadline = setTimeout(() => settle(), params.seconds * 1000 + DRAIN_GRACE_MS);

    function settle(): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      for (const timer of timers) clearTimeout(timer);
      recorder.errors += open; // abandoned at the deadline
      void pool.destroy().catch(() => {});
      const gaps = recorder.gaps.percentiles();
      resolve({
        completed: recorder.whole.size,
        errors: recorder.errors,
        ttfb: recorder.ttfb.percentiles(),
        whole: recorder.whole.percentiles(),
        gap: gaps,
        batchedFraction: gaps.count === 0 ? NaN : recorder.batched / gaps.count,
      });
    }

    function startStream(): void {
      if (settled) return;
      if (performance.now() >= stopStartingAt || startedStreams >= maxStreams) {
        if (open === 0) settle();
        return;
      }
      startedStreams++;
      open++;
      const stream = new Stream(recorder, () => {
        open--;
        // Started from the handler's own callback: defer so undici's stack unwinds first.
        setImmediate(startStream);
      });
      try {
        pool.dispatch(
          { path: CHAT_PATH, method: 'POST', headers, body: STREAM_REQUEST_BODY },
          stream,
        );
      } catch {
        stream.onResponseError();
      }
    }

    // Stagger the lanes over one stream's length: 64 streams started in the same millisecond
    // would stay in lock-step and measure a thundering herd, not 64 concurrent streams.
    for (let lane = 0; lane < params.streams; lane++) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          startStream();
        },
        (lane * streamMs) / params.streams,
      );
      timers.add(timer);
    }
  });
}
