/**
 * Drives the detector's batch step on a timer, in slices: each slice runs until its time budget
 * is spent, then yields to the event loop (setImmediate) so that requests waiting on it are
 * served between slices — with 100,000 tracked accounts a refresh in one go blocked the loop for
 * 43 ms typically and 205 ms at worst. One refresh at a time: a tick that comes while the last
 * refresh is still running is skipped (and counted), never started alongside it.
 */
import type { Detector } from './engine.ts';

/** Synchronous work per slice: well under the proxy's latency budget, large enough to finish. */
export const REFRESH_SLICE_MS = 2;

export interface RefreshTimerOptions {
  /** Detection time (ms since epoch) of each slice. */
  readonly now: () => number;
  /** How often a refresh starts (ms). */
  readonly interval: () => number;
  /** A monotonic clock for the slices' budget (ms); performance.now in the proxy. */
  readonly elapsed?: () => number;
  readonly sliceMs?: number;
  /** Called when a tick is skipped because the previous refresh is still running. */
  readonly onSkip?: (skipped: number) => void;
}

export interface RefreshTimerStats {
  /** Refreshes finished. */
  readonly refreshes: number;
  /** Ticks skipped: the previous refresh was still running (it overran the interval). */
  readonly skipped: number;
  /** Slices run, over all refreshes. */
  readonly slices: number;
}

export interface RefreshTimer {
  /**
   * Starts a refresh now unless one is running; resolves when it is done (false: skipped).
   * The timer calls it; exposed for tests.
   */
  tick(): Promise<boolean>;
  stats(): RefreshTimerStats;
  stop(): void;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A refresh timer for `detector`; `start` arms it (unref'd: it never keeps the process alive). */
export function createRefreshTimer(
  detector: Detector,
  options: RefreshTimerOptions,
): RefreshTimer & { start(): void } {
  const elapsed = options.elapsed ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? REFRESH_SLICE_MS;
  let running = false;
  let stopped = false;
  let refreshes = 0;
  let skipped = 0;
  let slices = 0;
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<boolean> => {
    if (running) {
      skipped++;
      options.onSkip?.(skipped);
      return false;
    }
    running = true;
    try {
      const run = detector.startRefresh();
      for (;;) {
        const deadline = elapsed() + sliceMs;
        slices++;
        if (detector.continueRefresh(run, options.now(), () => elapsed() >= deadline)) break;
        await nextTurn();
        // Stopped (shutdown) mid-way: the rest is left undone. The state stays consistent (see
        // ClusterRefresh.startRefresh); nothing is published to other replicas after the stores close.
        if (stopped) return false;
      }
      refreshes++;
      return true;
    } finally {
      running = false;
    }
  };

  // Ticks on a fixed period whatever a refresh takes: one still running when the next is due
  // makes that tick a skip, counted, rather than a delay that hides the overrun.
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick();
      schedule();
    }, options.interval());
    timer.unref();
  };

  return {
    tick,
    start: schedule,
    stats: () => ({ refreshes, skipped, slices }),
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
