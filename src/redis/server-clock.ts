/**
 * The server's clock as this replica estimates it: its monotonic clock plus an offset measured
 * with TIME (server time = mono + offset). Pure: the connection sends the TIME commands and
 * passes the samples in.
 *
 * A sample's error is up to half its round trip, and a round trip measured by this process
 * includes however long its event loop took to read the reply: one TIME sent at the start of a
 * loaded round (the proxy busy with its first requests, 40–100 ms loop delays measured on the
 * Redis bench) could set the clock tens of milliseconds behind the server's, for 30 s — long
 * enough that scripts judged their deadline (send + command timeout, in server time) as already
 * passed and answered "stale". So: several samples, the one with the shortest round trip kept
 * (as NTP does); its half round trip is the estimate's `uncertainty`, which the deadline adds (a
 * late deadline costs nothing in exactness: a call that runs after its caller gave up is resolved
 * by operation id, see redis-limit-store.ts); and a round whose best sample was slow is tried
 * again at the next sync instead of 30 s later.
 */

/** One TIME round trip: sent and read on the monotonic clock, the server's answer (ms). */
export interface ClockSample {
  readonly before: number;
  readonly after: number;
  readonly server: number;
}

/** A measured offset is refreshed after this long (monotonic ms). */
const REFRESH_MS = 30_000;
/** TIME commands in one measurement at most (fewer once one is fast enough). */
export const CLOCK_SAMPLES = 3;

export class ServerClock {
  /** Server time minus monotonic time (ms). */
  offset: number;
  /** How far off `offset` may be (ms): half the round trip of the sample it came from. */
  uncertainty = 0;
  private measuredAt = -Infinity;
  /** A sample with a round trip this short is good enough to stop sampling and to keep for 30 s. */
  private readonly goodRtt: number;

  /** `offset`: until measured, the wall clock's (this host's clock stands in for the server's). */
  constructor(offset: number, goodRtt: number) {
    this.offset = offset;
    this.goodRtt = goodRtt;
  }

  /** Whether to measure (again) at `mono`. */
  due(mono: number): boolean {
    return mono - this.measuredAt > REFRESH_MS;
  }

  /** Whether `sample` is good enough that no more are needed this round. */
  good(sample: ClockSample): boolean {
    return sample.after - sample.before <= this.goodRtt;
  }

  /**
   * Takes a round of samples: the one with the shortest round trip, when it is better than what
   * is in use or the clocks moved apart beyond both uncertainties (a millisecond at least: a
   * spend's time never jitters back and forth).
   */
  update(samples: readonly ClockSample[]): void {
    let best: ClockSample | undefined;
    for (const sample of samples)
      if (best === undefined || sample.after - sample.before < best.after - best.before)
        best = sample;
    if (best === undefined) return;
    const uncertainty = (best.after - best.before) / 2;
    const offset = best.server - (best.before + best.after) / 2;
    const measured = this.measuredAt !== -Infinity || this.uncertainty > 0;
    const moved = Math.abs(offset - this.offset) > Math.max(1, uncertainty + this.uncertainty);
    if (!measured || uncertainty + 0.5 < this.uncertainty || moved) {
      this.offset = offset;
      this.uncertainty = uncertainty;
    }
    // A slow round is tried again at the next sync; a good one holds for REFRESH_MS.
    if (this.good(best)) this.measuredAt = best.after;
  }
}
