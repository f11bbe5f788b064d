/**
 * The cross-account index (S8): for every content and infrastructure fingerprint seen, how many
 * distinct accounts used it recently (a 64-bit linear-counting bitmap per epoch) and, once at
 * least GROUP_MIN_ACCOUNTS share it, the cluster ("group") that pools their requests. Fixed
 * capacity in typed arrays (open addressing, linear probing): no allocation per request and a
 * hard memory bound whatever the traffic. Stale entries are dropped by `compact`, which runs off
 * the hot path; a full table refuses new keys (counted) rather than grow.
 */
import { addToSketch, countSketch, rollSketch } from './window-state.ts';

/** Accounts sharing a fingerprint before it becomes a cluster. */
export const GROUP_MIN_ACCOUNTS = 3;
/**
 * Keys stop being inserted at this load: linear probing degrades sharply above it (a miss at
 * 85 % load probes ~22 slots; at 50 %, ~2.5), and every request looks a dozen keys up.
 */
export const MAX_LOAD = 0.5;
const NO_GROUP = -1;
/**
 * Bits of the clustered-key filter: 2^18 bits, 32 KiB, small enough to stay in a core's cache.
 * Scoring looks a dozen keys up per request and almost none of them belong to a cluster; the
 * filter answers "no" for those without touching the multi-megabyte key table (a cache miss per
 * key). With the 65,536 clusters at most, a false "maybe" costs one ordinary lookup.
 */
const FILTER_BITS = 1 << 18;
// `groups` holds group + 1, so that a zeroed (never touched, never resident) array means "none".

export class FingerprintIndex {
  readonly capacity: number;
  private readonly mask: number;
  private keys: Float64Array;
  private lastSeen: Float64Array;
  /** cur lo, cur hi, prev lo, prev hi account bitmaps; and the epoch they belong to. */
  private accounts: Uint32Array;
  private epochs: Float64Array;
  private groups: Int32Array;
  /** Bit per hash of every key that has a group (a superset: cleared only by `compact`). */
  private readonly clustered = new Uint32Array(FILTER_BITS / 32);
  size = 0;
  refused = 0;
  /** The arrays of the previous compaction, reused by the next one. */
  private spare:
    | {
        keys: Float64Array;
        lastSeen: Float64Array;
        accounts: Uint32Array;
        epochs: Float64Array;
        groups: Int32Array;
      }
    | undefined;

  constructor(capacity: number) {
    let size = 1024;
    while (size < capacity) size *= 2;
    this.capacity = size;
    this.mask = size - 1;
    this.keys = new Float64Array(size);
    this.lastSeen = new Float64Array(size);
    this.accounts = new Uint32Array(size * 4);
    this.epochs = new Float64Array(size);
    this.groups = new Int32Array(size);
  }

  /** The slot of `key` if it is indexed, else -1 (never inserts). */
  find(key: number): number {
    const slot = this.probe(key);
    return slot >= 0 && this.keys[slot] === key ? slot : -1;
  }

  /** The slot of `key`, inserting it; -1 when the table is full. */
  slotOf(key: number): number {
    const slot = this.probe(key);
    if (slot >= 0 && this.keys[slot] === key) return slot;
    if (slot < 0 || this.size >= this.capacity * MAX_LOAD) {
      this.refused++;
      return -1;
    }
    this.keys[slot] = key;
    this.groups[slot] = 0;
    this.accounts.fill(0, slot * 4, slot * 4 + 4);
    this.epochs[slot] = -1;
    this.size++;
    return slot;
  }

  /** Linear probing: the slot holding `key`, or the empty slot where it would go; -1 if neither. */
  private probe(key: number): number {
    let slot = (key ^ (key / 4_294_967_296)) & this.mask;
    for (let probe = 0; probe < 64; probe++) {
      const found = this.keys[slot];
      if (found === key || found === 0) return slot;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  /** Records that `accountHash` used the key in `slot`; returns the distinct-account estimate. */
  touch(slot: number, accountHash: number, now: number, epoch: number): number {
    this.lastSeen[slot] = now;
    const base = slot * 4;
    const current = this.epochs[slot] ?? -1;
    if (current !== epoch) {
      rollSketch(this.accounts, base, epoch === current + 1);
      this.epochs[slot] = epoch;
    }
    addToSketch(this.accounts, base, accountHash);
    return countSketch(this.accounts, base);
  }

  groupOf(slot: number): number {
    return (this.groups[slot] ?? 0) - 1;
  }

  /** The group of `key`, or -1 if it has none or is not indexed; read-only (the scoring path). */
  groupOfKey(key: number): number {
    const bit = (key ^ (key / 4_294_967_296)) & (FILTER_BITS - 1);
    if (((this.clustered[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return NO_GROUP;
    const slot = this.find(key);
    return slot < 0 ? NO_GROUP : this.groupOf(slot);
  }

  setGroup(slot: number, group: number): void {
    this.groups[slot] = group + 1;
    this.markClustered(this.keys[slot] ?? 0);
  }

  private markClustered(key: number): void {
    const bit = (key ^ (key / 4_294_967_296)) & (FILTER_BITS - 1);
    this.clustered[bit >>> 5] = (this.clustered[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }

  keyAt(slot: number): number {
    return this.keys[slot] ?? 0;
  }

  /**
   * Drops what no longer matters, keeping the table sparse: keys unused since `staleBefore`,
   * and keys only one account has used since `singletonBefore` (most prompts are never shared;
   * they had their chance to meet a second account) — except keys whose cluster `keep` says must
   * stay (flagged fingerprints outlive the accounts that sent them). Rehashes into a spare set of
   * arrays reused from one compaction to the next (no garbage). Returns the clusters whose keys
   * were all dropped.
   */
  compact(
    staleBefore: number,
    singletonBefore: number,
    keep: (group: number) => boolean,
  ): Set<number> {
    const { keys, lastSeen, accounts, epochs, groups } = this;
    const spare = this.spare ?? {
      keys: new Float64Array(this.capacity),
      lastSeen: new Float64Array(this.capacity),
      accounts: new Uint32Array(this.capacity * 4),
      epochs: new Float64Array(this.capacity),
      groups: new Int32Array(this.capacity),
    };
    spare.keys.fill(0);
    spare.groups.fill(0);
    this.spare = { keys, lastSeen, accounts, epochs, groups };
    this.keys = spare.keys;
    this.lastSeen = spare.lastSeen;
    this.accounts = spare.accounts;
    this.epochs = spare.epochs;
    this.groups = spare.groups;
    this.size = 0;
    this.clustered.fill(0);
    const released = new Set<number>();
    const kept = new Set<number>();
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old] ?? 0;
      if (key === 0) continue;
      const group = (groups[old] ?? 0) - 1;
      const seen = lastSeen[old] ?? 0;
      const base = old * 4;
      // One account has used it: its sketch has a single bit set (estimate ≈ 1.008).
      const unshared = countSketch(accounts, base) < 1.5;
      const pinned = group !== NO_GROUP && keep(group);
      const stale =
        seen < staleBefore || (unshared && group === NO_GROUP && seen < singletonBefore);
      if (stale && !pinned) {
        if (group !== NO_GROUP) released.add(group);
        continue;
      }
      const slot = this.slotOf(key);
      if (slot < 0) continue;
      this.lastSeen[slot] = seen;
      this.accounts.set(accounts.subarray(base, base + 4), slot * 4);
      this.epochs[slot] = epochs[old] ?? -1;
      this.groups[slot] = group + 1;
      if (group !== NO_GROUP) {
        kept.add(group);
        this.markClustered(key);
      }
    }
    for (const group of kept) released.delete(group);
    return released;
  }
}
