/**
 * GCRA (the generic cell rate algorithm), the smooth limiter behind every rate limit here: one
 * number of state per bucket — the theoretical arrival time (TAT) — instead of a window of
 * timestamps, no fixed-window edge where twice the limit passes, and costs other than 1 (tokens).
 * Pure: time is passed in (ms).
 *
 * A bucket refills `limit` units per `periodMs` and holds at most `burst` units. Spending `cost`
 * moves the TAT forward by cost × interval; the spend is allowed when the new TAT lies no further
 * than burst × interval ahead of now.
 */

export interface Rate {
  readonly limit: number;
  readonly periodMs: number;
  /** Units a rested bucket holds (defaults to `limit`: a whole period's worth at once). */
  readonly burst: number;
}

export interface Spend {
  readonly allowed: boolean;
  /** The TAT to store when allowed (unchanged state when not). */
  readonly tat: number;
  /** Whole units left after the spend (0 when refused). */
  readonly remaining: number;
  /** When refused: ms until the spend would be allowed. When allowed: ms until the bucket is full. */
  readonly waitMs: number;
}

export function interval(rate: Rate): number {
  return rate.periodMs / rate.limit;
}

/**
 * Tries to spend `cost` units at `now` from a bucket whose TAT is `tat` (0 for a fresh bucket).
 * A cost above the burst could never pass: it is clamped to the burst, so such a request waits for
 * a rested bucket instead of being refused forever (its real cost is settled afterwards).
 */
export function spend(rate: Rate, tat: number, cost: number, now: number): Spend {
  const step = interval(rate);
  const tolerance = rate.burst * step;
  const charged = Math.min(cost, rate.burst);
  const base = Math.max(tat, now);
  const next = base + charged * step;
  const ahead = next - now;
  if (ahead > tolerance + 1e-9) {
    return { allowed: false, tat, remaining: 0, waitMs: Math.ceil(ahead - tolerance) };
  }
  return {
    allowed: true,
    tat: next,
    remaining: Math.floor((tolerance - ahead) / step + 1e-9),
    waitMs: Math.ceil(ahead),
  };
}

/** Units a bucket could spend at `now` without spending them. */
export function available(rate: Rate, tat: number, now: number): number {
  const step = interval(rate);
  const ahead = Math.max(tat, now) - now;
  return Math.max(0, Math.floor((rate.burst * step - ahead) / step + 1e-9));
}

/**
 * Settles a reservation: `delta` more units (positive: the request cost more than reserved;
 * negative: a refund). A refund never moves the TAT below now (no credit beyond a rested bucket).
 */
export function adjust(rate: Rate, tat: number, delta: number, now: number): number {
  const next = tat + delta * interval(rate);
  return delta < 0 ? Math.max(next, Math.min(tat, now)) : next;
}
