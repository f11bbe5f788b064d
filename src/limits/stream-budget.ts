/**
 * Output-token budgets for a stream whose request set no `max_tokens`: it was admitted with
 * `reserve_output_tokens`, but the model may write far more. As the stream runs, its output is
 * estimated from the events' text and what goes beyond the reservation is charged to the same
 * buckets, a step at a time; when a bucket refuses, the stream is cut with the dialect's error
 * event (a request with `max_tokens` reserved its whole possible output and is never cut). A
 * shadow limit's bucket (a `mode: shadow` limit, a shadowed throttle rule's) is charged the same
 * way until it refuses, and from then on left alone: it never cuts a stream.
 */
import type { Reservation, Reserved } from './admit-limits.ts';
import type { LimitStore } from './limit-store.ts';

/** Tokens charged at once beyond the reservation (fewer store calls; a small over-grant). */
const STEP = 256;

export class StreamBudget {
  private readonly store: LimitStore;
  private readonly items: readonly Reserved[];
  /** Shadow items that refused a step: charged no further (nothing to cut). */
  private spent: Set<Reserved> | undefined;
  private readonly now: () => number;
  private estimated = 0;
  private step = STEP;
  /** A charge answered later (a shared store) was refused: the next `add` cuts the stream. */
  private refusedLate = false;

  private constructor(store: LimitStore, items: readonly Reserved[], now: () => number) {
    this.store = store;
    this.items = items;
    this.now = now;
  }

  /**
   * A budget for the reservation's output buckets, or undefined when there are none. For a metered
   * WebSocket session (`exact`): its input buckets too (`input`), and each overage charged as it
   * is (an answer's reported usage is no estimate, and a step of STEP could refuse a session its
   * buckets still hold).
   */
  static of(
    store: LimitStore,
    reservation: Reservation | null,
    now: () => number,
    options: { readonly input?: boolean; readonly exact?: boolean } = {},
  ): StreamBudget | undefined {
    const input = options.input === true;
    const items = reservation?.tokens.filter((item) => item.input === input) ?? [];
    if (items.length === 0) return undefined;
    const budget = new StreamBudget(store, items, now);
    budget.step = options.exact === true ? 1 : STEP;
    return budget;
  }

  /** A charge answered later (a shared store) was refused: the next `add` would end the stream. */
  get refused(): boolean {
    return this.refusedLate;
  }

  /**
   * Adds `tokens` of estimated output (or input); false when a bucket refused the overage (cut the
   * stream).
   * A store that answers with a promise is not waited for: the step counts as charged at once and
   * a refusal cuts the stream at the next event (the stream never stalls on a round trip). A
   * store that cannot be reached (failure mode closed) refuses admissions, never running streams.
   */
  add(tokens: number): boolean {
    if (this.refusedLate) return false;
    this.estimated += tokens;
    for (const item of this.items) {
      const held = item.reserved + item.extra;
      if (this.estimated <= held || this.spent?.has(item) === true) continue;
      const step = Math.min(Math.max(this.step, this.estimated - held), item.rate.burst);
      const outcome = this.store.spendAll(
        [{ key: item.key, rate: item.rate, cost: step }],
        this.now(),
      );
      item.extra += step;
      if (outcome instanceof Promise) {
        const answered = outcome.then((late) => {
          if (late.allowed) return;
          item.extra -= step;
          if (late.unavailable === true) return;
          if (item.shadow) (this.spent ??= new Set()).add(item);
          else this.refusedLate = true;
        });
        // The settlement waits for it: a refusal that comes after the stream ended must not be
        // refunded as if the step had been charged (settleLimits).
        const before = item.pending;
        item.pending =
          before === undefined ? answered : Promise.all([before, answered]).then(() => undefined);
      } else if (!outcome.allowed) {
        item.extra -= step;
        if (!item.shadow) return false;
        (this.spent ??= new Set()).add(item);
      }
    }
    return true;
  }
}
