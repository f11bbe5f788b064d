/**
 * Where limit state lives. One interface, so that the Redis store (shared by every replica,
 * src/redis/redis-limit-store.ts) and this in-process store are interchangeable and proved by one
 * contract suite (test/contract/limit-store.contract.ts). The memory store is synchronous: the
 * check and the spend of a request happen in one turn of the event loop, so N concurrent requests
 * against a limit of L admit exactly L. A shared store may answer with a promise (one atomic round
 * trip); callers await only then, so the memory path allocates no promise.
 */
import { adjust, available, spend, type Rate } from './gcra.ts';

export interface BucketSpend {
  readonly key: string;
  readonly rate: Rate;
  readonly cost: number;
}

/** A concurrent-stream slot a request needs, taken with its buckets (all or nothing). */
export interface SlotClaim {
  readonly key: string;
  readonly max: number;
  /** false: only check that one is free (a shadow limit), take nothing. */
  readonly hold: boolean;
}

export interface SpendOutcome {
  readonly allowed: boolean;
  /**
   * The first bucket that refused, or `spends.length + i` when slot claim `i` found no free slot
   * (-1 when allowed, or when `unavailable`).
   */
  readonly refused: number;
  /** Refused: ms until the refusing bucket allows the spend. */
  readonly waitMs: number;
  /** Units left in each bucket after the spend (allowed), or in the refusing one (refused: 0). */
  readonly remaining: readonly number[];
  /** ms until each bucket is rested again. */
  readonly resetMs: readonly number[];
  /** Refused because the shared store cannot be used and its failure mode is closed (503). */
  readonly unavailable?: boolean;
}

/** A bucket as it stands, read without spending (admin API). */
export interface BucketState {
  /** Whole units it could spend now. */
  readonly remaining: number;
  /** ms until it is whole again (0: rested). */
  readonly resetMs: number;
}

/** A bucket-level view of a concurrency slot key. */
export interface SlotState {
  readonly taken: number;
}

/** Retry-After for a full slot set: streams end at no predictable time; try again in a second. */
export const SLOT_WAIT_MS = 1000;

export interface LimitStore {
  /**
   * All or nothing: spends every bucket's cost and takes every held slot, or changes nothing when
   * a bucket is short or a slot set is full.
   */
  spendAll(
    spends: readonly BucketSpend[],
    now: number,
    slots?: readonly SlotClaim[],
  ): SpendOutcome | Promise<SpendOutcome>;
  /** Settles a bucket by `delta` units (a refund when negative). */
  adjust(key: string, rate: Rate, delta: number, now: number): void;
  /** Frees one slot taken by a `spendAll` claim. */
  releaseSlot(key: string): void;
  /** Tracked buckets and slot keys (bounded). */
  size(): number;
  /** Read-only: where a bucket stands (a shared store may answer asynchronously). */
  peek(key: string, rate: Rate, now: number): BucketState | Promise<BucketState>;
  /** Read-only: stream slots taken under `key`. */
  peekSlots(key: string): SlotState | Promise<SlotState>;
}

/**
 * The in-process store: a Map of TATs in least-recently-updated order, bounded by `maxKeys`.
 * Past the bound, rested buckets (TAT ≤ now: equivalent to absent) are dropped first, then the
 * least recently updated — which can only ever give a bucket back its full burst, never refuse.
 */
export class MemoryLimitStore implements LimitStore {
  private readonly tats = new Map<string, number>();
  private readonly slots = new Map<string, number>();
  private readonly maxKeys: number;

  constructor(maxKeys: number) {
    this.maxKeys = maxKeys;
  }

  spendAll(
    spends: readonly BucketSpend[],
    now: number,
    slots?: readonly SlotClaim[],
  ): SpendOutcome {
    const next: number[] = [];
    const remaining: number[] = [];
    const resetMs: number[] = [];
    for (let i = 0; i < spends.length; i++) {
      const item = spends[i] as BucketSpend;
      const result = spend(item.rate, this.tats.get(item.key) ?? 0, item.cost, now);
      if (!result.allowed) {
        return {
          allowed: false,
          refused: i,
          waitMs: result.waitMs,
          remaining: [0],
          resetMs: [result.waitMs],
        };
      }
      next.push(result.tat);
      remaining.push(result.remaining);
      resetMs.push(result.waitMs);
    }
    if (slots !== undefined) {
      for (let i = 0; i < slots.length; i++) {
        const claim = slots[i] as SlotClaim;
        if ((this.slots.get(claim.key) ?? 0) >= claim.max) {
          return {
            allowed: false,
            refused: spends.length + i,
            waitMs: SLOT_WAIT_MS,
            remaining: [0],
            resetMs: [SLOT_WAIT_MS],
          };
        }
      }
      for (const claim of slots)
        if (claim.hold) this.slots.set(claim.key, (this.slots.get(claim.key) ?? 0) + 1);
    }
    for (let i = 0; i < spends.length; i++)
      this.put((spends[i] as BucketSpend).key, next[i] ?? 0, now);
    return { allowed: true, refused: -1, waitMs: 0, remaining, resetMs };
  }

  adjust(key: string, rate: Rate, delta: number, now: number): void {
    const tat = this.tats.get(key);
    if (tat === undefined || delta === 0) return;
    this.put(key, adjust(rate, tat, delta, now), now);
  }

  releaseSlot(key: string): void {
    const taken = this.slots.get(key) ?? 0;
    if (taken <= 1) this.slots.delete(key);
    else this.slots.set(key, taken - 1);
  }

  size(): number {
    return this.tats.size + this.slots.size;
  }

  peek(key: string, rate: Rate, now: number): BucketState {
    const tat = this.tats.get(key) ?? 0;
    return { remaining: available(rate, tat, now), resetMs: Math.max(0, Math.ceil(tat - now)) };
  }

  peekSlots(key: string): SlotState {
    return { taken: this.slots.get(key) ?? 0 };
  }

  private put(key: string, tat: number, now: number): void {
    this.tats.delete(key); // re-inserted last: the Map's order is least recently updated first
    this.tats.set(key, tat);
    if (this.tats.size > this.maxKeys) this.evict(now);
  }

  private evict(now: number): void {
    for (const [key, tat] of this.tats) {
      if (this.tats.size <= this.maxKeys * 0.9) return;
      if (tat <= now) this.tats.delete(key);
    }
    for (const key of this.tats.keys()) {
      if (this.tats.size <= this.maxKeys) return;
      this.tats.delete(key);
    }
  }
}
