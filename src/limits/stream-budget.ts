/**
 * Output-token budgets for a stream whose request set no `max_tokens`: it was admitted with
 * `reserve_output_tokens`, but the model may write far more. As the stream runs, its output is
 * estimated from the events' text and what goes beyond the reservation is charged to the same
 * buckets, a step at a time; when a bucket refuses, the stream is cut with the dialect's error
 * event (a request with `max_tokens` reserved its whole possible output and is never cut).
 */
import type { Reservation, Reserved } from './admit-limits.ts';
import type { LimitStore } from './limit-store.ts';

/** Tokens charged at once beyond the reservation (fewer store calls; a small over-grant). */
const STEP = 256;

export class StreamBudget {
  private readonly store: LimitStore;
  private readonly items: readonly Reserved[];
  private readonly now: () => number;
  private estimated = 0;

  private constructor(store: LimitStore, items: readonly Reserved[], now: () => number) {
    this.store = store;
    this.items = items;
    this.now = now;
  }

  /** A budget for the reservation's output buckets, or undefined when there are none. */
  static of(
    store: LimitStore,
    reservation: Reservation | null,
    now: () => number,
  ): StreamBudget | undefined {
    const items = reservation?.tokens.filter((item) => !item.input) ?? [];
    return items.length === 0 ? undefined : new StreamBudget(store, items, now);
  }

  /** Adds `tokens` of estimated output; false when a bucket refused the overage (cut the stream). */
  add(tokens: number): boolean {
    this.estimated += tokens;
    for (const item of this.items) {
      const held = item.reserved + item.extra;
      if (this.estimated <= held) continue;
      const step = Math.min(Math.max(STEP, this.estimated - held), item.rate.burst);
      const outcome = this.store.spendAll(
        [{ key: item.key, rate: item.rate, cost: step }],
        this.now(),
      );
      if (!outcome.allowed) return false;
      item.extra += step;
    }
    return true;
  }
}
