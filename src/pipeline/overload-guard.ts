/**
 * Load shedding on event-loop delay: when the p99 delay of the event loop over the last interval
 * exceeds `limits.max_event_loop_delay`, new requests are refused with 503 + Retry-After until it
 * recovers, so requests already admitted keep their latency instead of every request slowing
 * down together. Measured off the hot path (a histogram read once per interval); the admit stage
 * reads one boolean. Disabled when the threshold is 0.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface OverloadGuard {
  readonly shedding: boolean;
  /** p99 event-loop delay of the last interval, in ms (0 when disabled). */
  readonly lastDelayMs: number;
  close(): void;
}

export const disabledOverloadGuard: OverloadGuard = { shedding: false, lastDelayMs: 0, close() {} };

export function createOverloadGuard(
  thresholdMs: number,
  intervalMs: number,
  onChange: (shedding: boolean, delayMs: number) => void,
): OverloadGuard {
  if (thresholdMs <= 0) return disabledOverloadGuard;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const guard = { shedding: false, lastDelayMs: 0, close };
  const timer = setInterval(() => {
    guard.lastDelayMs = histogram.percentile(99) / 1e6;
    histogram.reset();
    const shedding = guard.lastDelayMs > thresholdMs;
    if (shedding !== guard.shedding) {
      guard.shedding = shedding;
      onChange(shedding, guard.lastDelayMs);
    }
  }, intervalMs);
  timer.unref();
  function close(): void {
    clearInterval(timer);
    histogram.disable();
  }
  return guard;
}
