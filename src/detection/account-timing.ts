/**
 * An account's synchronised timing (THREATS S8): the ticks of its last bursts, kept in its
 * tracked state, signed into the timing fingerprint its requests carry (timing.ts) — read only
 * when scoring, moved when observing, so that both carry the same — and the timing cluster it
 * joined once its signature formed one in the fingerprint index.
 */
import type { DetectionSettings } from './detection-settings.ts';
import type { FingerprintIndex } from './fingerprint-index.ts';
import { NO_TICK, timingKey } from './timing.ts';
import { TICK1, TICK2, TICK3, TIMING_GROUP, TIMING_KEY, type Tracked } from './tracked.ts';

/** The settings timing reads: its tick and the detection window (ms). */
type TimingSettings = Pick<DetectionSettings, 'timingTick' | 'window'>;
/** What timing reads of the index: whether a signature formed a cluster. */
type TimingIndex = Pick<FingerprintIndex, 'groupOfKey'>;

/** The timing fingerprint a request of `tracked` at `now` carries, read only (timingStep). */
export function timingOf(
  tracked: Tracked | undefined,
  now: number,
  settings: TimingSettings,
  index: TimingIndex,
): number {
  return tracked === undefined ? 0 : timingStep(tracked, now, settings, index, false);
}

/** Moves `tracked`'s timing state to `now`; the fingerprint its request carries (timingStep). */
export function advanceTiming(
  tracked: Tracked,
  now: number,
  settings: TimingSettings,
  index: TimingIndex,
): number {
  return timingStep(tracked, now, settings, index, true);
}

/**
 * The timing fingerprint (timing.ts) a request at `now` carries, and, when `apply`, the state
 * moved to it — one function for scoring (read only) and observing, so that both carry the same.
 *  - A burst in a new tick shifts the ticks and signs them. Once a signature the account carried
 *    has formed a cluster, the account joins that cluster (its requests carry that key) while it
 *    stays active: a controller's next wave signs anew, and a cluster per wave would never pool
 *    the evidence of more than one.
 *  - Idle longer than a window: its group and signature lapse before the new burst.
 *  - A request a little behind the latest tick (observed after a throttle's delay or a store's
 *    round trip) belongs to the current burst and changes nothing. Time more than a window
 *    behind (a reload to another tick, a clock step) starts the account over.
 */
function timingStep(
  tracked: Tracked,
  now: number,
  settings: TimingSettings,
  index: TimingIndex,
  apply: boolean,
): number {
  const tickMs = settings.timingTick;
  if (!(tickMs > 0)) return 0;
  const span = Math.floor(settings.window / tickMs);
  const at = Math.floor(now / tickMs);
  const states = tracked.states;
  const base = tracked.at;
  let last = states[base + TICK3] ?? NO_TICK;
  let group = states[base + TIMING_GROUP] ?? 0;
  let key = states[base + TIMING_KEY] ?? 0;
  let second = states[base + TICK2] ?? NO_TICK;
  if (last !== NO_TICK && last - at > span) {
    last = second = NO_TICK;
    group = key = 0;
  } else if (at <= last) return group || key;
  if (last !== NO_TICK && at - last > span) group = key = 0;
  group = timingGroup(group, key, index);
  const signature = timingKey(second, last, at, span);
  if (apply) {
    states[base + TICK1] = second;
    states[base + TICK2] = last;
    states[base + TICK3] = at;
    states[base + TIMING_KEY] = signature;
    states[base + TIMING_GROUP] = group;
  }
  return group || signature;
}

/** Joins the cluster its current signature formed (by its request or others' since), if any. */
export function joinTimingCluster(tracked: Tracked, index: TimingIndex): void {
  const states = tracked.states;
  const base = tracked.at;
  states[base + TIMING_GROUP] = timingGroup(
    states[base + TIMING_GROUP] ?? 0,
    states[base + TIMING_KEY] ?? 0,
    index,
  );
}

/** The timing cluster an account is in: `group`, else `signature`'s once it formed a cluster. */
function timingGroup(group: number, signature: number, index: TimingIndex): number {
  return group === 0 && signature !== 0 && index.groupOfKey(signature) >= 0 ? signature : group;
}
