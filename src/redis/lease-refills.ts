import type { BucketSpend } from '../limits/limit-store.ts';

/**
 * Lease refills under way, one per bucket (single flight). When a lease runs out or expires, every
 * in-flight request of the account misses it at the same moment: each sending its own spend made
 * bursts of 30–80 spend calls (and their settlements) every lease ttl, which timed out under load.
 * Now the first miss sends the refill and registers it here; a request that misses the same bucket
 * meanwhile waits for that refill and takes its units from the new lease locally.
 *
 * A refill settles as reached when Redis answered (the leases say what there is), and carries the
 * bucket Redis refused if it did; as not reached when it could not be used (breaker, failure,
 * timeout, stale): its waiters then follow the failure mode, as the refill itself did. The promise
 * never rejects.
 */
export interface RefillResult {
  readonly reached: boolean;
  /** The bucket Redis refused the refill's spend on, with the cost it refused. */
  readonly refused?: RefusedSpend;
}

export interface RefusedSpend {
  readonly key: string;
  readonly cost: number;
  /** Until the refused cost would fit (ms after the reply): a lower bound for a larger cost. */
  readonly waitMs: number;
}

export const REACHED: RefillResult = Object.freeze({ reached: true });
export const NOT_REACHED: RefillResult = Object.freeze({ reached: false });

export class LeaseRefills {
  private readonly pending = new Map<string, Promise<RefillResult>>();

  get size(): number {
    return this.pending.size;
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** The refill under way for the first of `keys` that has one. */
  find(keys: readonly string[]): Promise<RefillResult> | undefined {
    for (const key of keys) {
      const refill = this.pending.get(key);
      if (refill !== undefined) return refill;
    }
    return undefined;
  }

  /**
   * A call that refills the leases of `keys`: registered for each key that has no refill under way
   * yet. Returns its settlement (idempotent: the first call counts).
   */
  start(keys: readonly string[]): (result: RefillResult) => void {
    let settle: (result: RefillResult) => void = () => undefined;
    const refill = new Promise<RefillResult>((resolve) => (settle = resolve));
    const mine = keys.filter((key) => !this.pending.has(key));
    for (const key of mine) this.pending.set(key, refill);
    let done = false;
    return (result) => {
      if (done) return;
      done = true;
      for (const key of mine) if (this.pending.get(key) === refill) this.pending.delete(key);
      settle(result);
    };
  }
}

/**
 * Whether a waiter's spends are refused by its refill's refusal: it spends at least the refused
 * cost from the refused bucket. The waiter was in flight with the refill, so it is ordered just
 * after it, when Redis had less than the refused cost in that bucket: it never admits more than
 * the limit, and at worst refuses what the bucket regained within that one round trip (its rate,
 * or a refund settled meanwhile). Asking Redis again would repeat the refusal, in a burst — every
 * waiter at once — at exactly the moment an account sits at its limit.
 */
export function refusedIndex(
  refused: RefusedSpend | undefined,
  spends: readonly BucketSpend[],
): number {
  if (refused === undefined) return -1;
  return spends.findIndex((spend) => spend.key === refused.key && spend.cost >= refused.cost);
}
