/**
 * Scenario (b): an open loop at a fixed rate (2,000 req/s). Request i is scheduled at
 * t0 + i / rate and its latency is measured from that scheduled time, so a stalled target is
 * charged for the requests it delayed (no coordinated omission). Not autocannon's `-R`, which
 * sends per-connection bursts each second (BASELINE). The client uses undici's low-level
 * `dispatch` with a preallocated sample array: promise-based clients add their own GC pauses to
 * the p99 they report (BASELINE: 15–45 ms p99 with `request()`, 4–5 ms with `dispatch`).
 */
import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import { CHAT_PATH, clientHeaderList, REQUEST_BODY } from '../fixtures.ts';
import { percentiles, type Percentiles } from '../stats.ts';

export interface FixedRateParams {
  readonly url: string;
  readonly clientKey: string;
  readonly rate: number;
  readonly seconds: number;
}

export interface FixedRateResult {
  readonly scheduled: number;
  readonly ok: number;
  /** Failed, non-2xx, or still unanswered at the deadline. */
  readonly errors: number;
  /** Latency from the scheduled send time to the last response byte (ms). */
  readonly latency: Percentiles;
  /** How late the client itself sent (ms): the load generator's own noise floor. */
  readonly sendLag: Percentiles;
}

/** Requests still unanswered this long after the last scheduled send count as errors. */
const DRAIN_GRACE_MS = 10_000;
/** Enough connections that the pool never queues at 2,000 req/s unless the target stalls. */
const POOL_CONNECTIONS = 128;

class TimedRequest implements Dispatcher.DispatchHandler {
  private status = 0;
  private over = false;
  private readonly index: number;
  private readonly scheduled: number;
  private readonly done: (index: number, latency: number) => void;

  constructor(index: number, scheduled: number, done: (index: number, latency: number) => void) {
    this.index = index;
    this.scheduled = scheduled;
    this.done = done;
  }

  onRequestStart(): void {
    // Required by undici's handler contract; nothing to do at send time.
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {
    // The body is consumed and dropped; only its end matters.
  }

  onResponseEnd(): void {
    if (this.over) return;
    this.over = true;
    const ok = this.status >= 200 && this.status < 300;
    this.done(this.index, ok ? performance.now() - this.scheduled : NaN);
  }

  onResponseError(): void {
    if (this.over) return;
    this.over = true;
    this.done(this.index, NaN);
  }
}

export function runFixedRate(params: FixedRateParams): Promise<FixedRateResult> {
  const total = Math.max(1, Math.round(params.rate * params.seconds));
  const intervalMs = 1000 / params.rate;
  const latencies = new Float64Array(total).fill(NaN);
  const lags = new Float64Array(total).fill(NaN);
  const pool = new Pool(params.url, { connections: POOL_CONNECTIONS, pipelining: 1 });
  const headers = clientHeaderList(params.clientKey);
  let sent = 0;
  let finished = 0;

  return new Promise((resolve) => {
    let settled = false;
    let tickTimer: NodeJS.Timeout | undefined;
    const t0 = performance.now() + 10;
    const deadline = setTimeout(() => settle(), params.seconds * 1000 + DRAIN_GRACE_MS);

    function settle(): void {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(tickTimer);
      void pool.destroy().catch(() => {});
      const latency = percentiles(latencies);
      resolve({
        scheduled: total,
        ok: latency.count,
        errors: total - latency.count,
        latency,
        sendLag: percentiles(lags, sent),
      });
    }

    function onDone(index: number, latency: number): void {
      latencies[index] = latency;
      if (++finished === total) settle();
    }

    // Sends every request that is due, then sleeps until the next one (timers have ~1 ms grain;
    // a late tick sends its backlog at once and the lateness is charged as latency).
    function tick(): void {
      const now = performance.now();
      while (sent < total && t0 + sent * intervalMs <= now) {
        const scheduled = t0 + sent * intervalMs;
        lags[sent] = now - scheduled;
        const handler = new TimedRequest(sent, scheduled, onDone);
        sent++;
        try {
          pool.dispatch({ path: CHAT_PATH, method: 'POST', headers, body: REQUEST_BODY }, handler);
        } catch {
          handler.onResponseError();
        }
      }
      if (sent < total && !settled)
        tickTimer = setTimeout(tick, Math.max(0, t0 + sent * intervalMs - performance.now()));
    }
    tickTimer = setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
}
