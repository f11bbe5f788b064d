/**
 * Local leases of limit units (the Redis limit store's fast path). When a round trip spends from a
 * bucket, Redis may also grant this replica a share of what the bucket has left: those units are
 * already spent in Redis, so this replica admits its next requests from them with no round trip
 * at all — the check and the spend stay in one turn of the event loop, as with the memory store.
 *
 * Exactness: the grant is a share (1/16 by default) of what is left, so it shrinks to nothing as
 * a bucket empties — near its limit every request goes to Redis. A request the lease cannot cover
 * surrenders what is left of it to its round trip (the script credits it back before checking),
 * so units never strand on one replica while another is refused. Unused units go back to Redis
 * when a lease expires (`ttl`, default 2 s): a lease shifts when units are spent by at most that.
 * Pure: time is passed in.
 */
import type { Rate } from '../limits/gcra.ts';
import type { BucketSpend } from '../limits/limit-store.ts';

export interface Lease {
  units: number;
  /** The bucket's rate at the last grant (a reload or a tier change may give it another). */
  rate: Rate;
  expiresAt: number;
  /** What the bucket had left beyond this lease at the last grant (for RateLimit headers). */
  elsewhere: number;
  /** When the bucket is rested again, as of the last grant (ms since epoch). */
  restedAt: number;
}

export class LeaseTable {
  private readonly leases = new Map<string, Lease>();
  private readonly ttl: number;
  private readonly maxKeys: number;

  constructor(ttl: number, maxKeys: number) {
    this.ttl = ttl;
    this.maxKeys = maxKeys;
  }

  get size(): number {
    return this.leases.size;
  }

  /** The unexpired lease of a bucket. */
  get(key: string, now: number): Lease | undefined {
    const lease = this.leases.get(key);
    return lease !== undefined && lease.expiresAt > now ? lease : undefined;
  }

  /**
   * The unexpired lease of a spend's bucket, when it was granted at the spend's rate: after a
   * reload or a tier change, the next spend goes to Redis (which surrenders the old units and
   * grants at the new rate) instead of admitting from units leased at the old one.
   */
  private usable(spend: BucketSpend, now: number): Lease | undefined {
    const lease = this.get(spend.key, now);
    return lease !== undefined && sameRate(lease.rate, spend.rate) ? lease : undefined;
  }

  /**
   * Spends every bucket's cost from its lease, when every lease covers it (all or nothing).
   * Returns the units each bucket has left (this lease and elsewhere) and its rest time, or
   * undefined when a round trip is needed.
   */
  take(
    spends: readonly BucketSpend[],
    now: number,
  ): { remaining: number[]; resetMs: number[] } | undefined {
    for (const spend of spends) {
      const lease = this.usable(spend, now);
      if (lease === undefined || lease.units < spend.cost) return undefined;
    }
    const remaining: number[] = [];
    const resetMs: number[] = [];
    for (const spend of spends) {
      const lease = this.leases.get(spend.key) as Lease;
      lease.units -= spend.cost;
      remaining.push(Math.floor(lease.units + lease.elsewhere));
      resetMs.push(Math.max(0, Math.ceil(lease.restedAt - now)));
    }
    return { remaining, resetMs };
  }

  /** The buckets whose lease cannot cover their cost (none: `take` would admit). */
  lacking(spends: readonly BucketSpend[], now: number): string[] {
    const keys: string[] = [];
    for (const spend of spends) {
      const lease = this.usable(spend, now);
      if (lease === undefined || lease.units < spend.cost) keys.push(spend.key);
    }
    return keys;
  }

  /** The buckets whose (unexpired) lease expires before `at`: due to be renewed while in use. */
  expiring(spends: readonly BucketSpend[], now: number, at: number): BucketSpend[] {
    const due: BucketSpend[] = [];
    for (const spend of spends) {
      const lease = this.get(spend.key, now);
      if (lease !== undefined && lease.expiresAt < at) due.push(spend);
    }
    return due;
  }

  /** Takes what is left of a bucket's lease (a round trip gives it back to Redis first). */
  surrender(key: string, now: number): number {
    const lease = this.get(key, now);
    if (lease === undefined) return 0;
    const units = lease.units;
    lease.units = 0;
    return units;
  }

  /**
   * Units granted by a round trip (and units surrendered to one that failed, given back). A lease
   * holds at most the bucket's burst: returns the units it could not keep, already spent in Redis
   * and to be refunded there by the caller — a grant and its refunds always add up to what Redis
   * took (never a unit dropped by the clamp).
   */
  grant(key: string, rate: Rate, units: number, now: number, elsewhere = 0, resetMs = 0): number {
    let lease = this.get(key, now);
    if (lease === undefined) {
      if (units <= 0) return 0;
      const stale = this.leases.get(key);
      // An expired lease not yet swept keeps its rate, so the check below clamps its units.
      const was = stale?.rate ?? rate;
      lease = { units: stale?.units ?? 0, rate: was, expiresAt: 0, elsewhere: 0, restedAt: now };
      this.leases.delete(key);
      this.leases.set(key, lease);
    }
    // A new rate (a reload, a tier change): the lease takes it, and gives back what its burst
    // no longer holds.
    let excess = 0;
    if (!sameRate(lease.rate, rate)) {
      lease.rate = rate;
      excess = Math.max(0, lease.units - rate.burst);
      lease.units -= excess;
    }
    const kept = Math.max(0, Math.min(units, rate.burst - lease.units));
    lease.units += kept;
    lease.expiresAt = now + this.ttl;
    lease.elsewhere = elsewhere;
    lease.restedAt = now + resetMs;
    return units - kept + excess;
  }

  /**
   * Settles `delta` units against a lease: a refund is kept in it, an overage is taken from it.
   * Returns what the lease could not absorb (to be settled in Redis).
   */
  absorb(key: string, delta: number, now: number): number {
    const lease = this.get(key, now);
    if (lease === undefined) return delta;
    if (delta < 0) {
      const room = lease.rate.burst - lease.units;
      const kept = Math.min(room, -delta);
      lease.units += kept;
      return delta + kept;
    }
    const taken = Math.min(lease.units, delta);
    lease.units -= taken;
    return delta - taken;
  }

  /**
   * Removes expired leases (and, past the key bound, the oldest ones); calls `giveBack` with the
   * unused units of each, to be refunded to Redis.
   */
  sweep(now: number, giveBack: (key: string, rate: Rate, units: number) => void): void {
    for (const [key, lease] of this.leases) {
      const over = this.leases.size > this.maxKeys;
      if (!over && lease.expiresAt > now) continue;
      this.leases.delete(key);
      if (lease.units > 0) giveBack(key, lease.rate, lease.units);
    }
  }

  /** Every lease, emptied (shutdown: all unused units go back). */
  drain(giveBack: (key: string, rate: Rate, units: number) => void): void {
    for (const [key, lease] of this.leases)
      if (lease.units > 0) giveBack(key, lease.rate, lease.units);
    this.leases.clear();
  }
}

/** Rates are compiled per config load: equal values from another load are the same rate. */
function sameRate(a: Rate, b: Rate): boolean {
  return a === b || (a.limit === b.limit && a.periodMs === b.periodMs && a.burst === b.burst);
}
