/**
 * Time, injected: wall-clock for timestamps and monotonic for durations. Pure code takes `now`
 * as an argument; effectful code takes a Clock, so tests control time without sleeping.
 */
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Monotonic milliseconds (for durations only). */
  readonly mono: () => number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  mono: () => performance.now(),
};
