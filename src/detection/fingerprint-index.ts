/**
 * The cross-account index (S8): for every content and infrastructure fingerprint seen, how many
 * distinct accounts used it recently (a 64-bit linear-counting bitmap per epoch) and, once at
 * least GROUP_MIN_ACCOUNTS share it, the cluster ("group") that pools their requests. Fixed
 * capacity in typed arrays (open addressing, linear probing): no allocation per request and a
 * hard memory bound whatever the traffic. Stale entries are dropped by `compact`, which runs off
 * the hot path; a full table refuses new keys (counted) rather than grow.
 */
import { addToSketch, countSketch, rollSketch } from './sketch.ts';

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
  /**
   * 1 once an established account (old, and verified or in an org) used the key: a cluster that
   * forms from it knows that its members from before it formed were not all made-up.
   */
  private established: Uint8Array;
  /** Bit per hash of every key that has a group (a superset: cleared only by `compact`). */
  private readonly clustered = new Uint32Array(FILTER_BITS / 32);
  size = 0;
  refused = 0;
  /**
   * Told when a compaction drops a key that has a group (its cluster can no longer be linked to:
   * lookups by key miss it from then on), before the group is released at the compaction's end.
   */
  onDropGroup: ((group: number) => void) | undefined = undefined;
  /** The arrays of the previous compaction, reused by the next one. */
  private spare: Tables | undefined;
  /** The compaction under way, if any (see beginCompact). */
  private migration: Migration | undefined;
  /** The lookup filter being rebuilt by a compaction. */
  private nextClustered: Uint32Array | undefined;

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
    this.established = new Uint8Array(size);
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
    const migration = this.migration;
    if (migration !== undefined) {
      // Still in the old arrays: moved now (or dropped, as the compaction would have done).
      const old = probeIn(migration.old.keys, this.mask, key);
      if (old >= 0 && migration.old.keys[old] === key) {
        const moved = this.migrate(migration, old);
        if (moved >= 0) return moved;
      }
    }
    return this.insert(key, slot);
  }

  /** Inserts `key` (not in the table) at `slot`, its probe; -1 when the table is full. */
  private insert(key: number, slot: number): number {
    if (slot < 0 || this.size >= this.capacity * MAX_LOAD) {
      this.refused++;
      return -1;
    }
    this.keys[slot] = key;
    this.groups[slot] = 0;
    this.established[slot] = 0;
    this.accounts.fill(0, slot * 4, slot * 4 + 4);
    this.epochs[slot] = -1;
    this.size++;
    return slot;
  }

  /** Linear probing: the slot holding `key`, or the empty slot where it would go; -1 if neither. */
  private probe(key: number): number {
    return probeIn(this.keys, this.mask, key);
  }

  /**
   * Records that `accountHash` (an `established` customer or not) used the key in `slot`; returns
   * the distinct-account estimate.
   */
  touch(
    slot: number,
    accountHash: number,
    now: number,
    epoch: number,
    established = false,
  ): number {
    this.lastSeen[slot] = now;
    if (established) this.established[slot] = 1;
    const base = slot * 4;
    const current = this.epochs[slot] ?? -1;
    if (current !== epoch) {
      rollSketch(this.accounts, base, epoch === current + 1);
      this.epochs[slot] = epoch;
    }
    addToSketch(this.accounts, base, accountHash);
    return countSketch(this.accounts, base);
  }

  /**
   * Copies the distinct-account sketch of the key in `slot` (as of `epoch`) into `into` at `base`
   * (the same 4-word layout): a cluster formed from the key starts out knowing the accounts that
   * used it before it formed, rather than counting from its third.
   */
  copyAccounts(slot: number, epoch: number, into: Float64Array, base: number): void {
    const from = slot * 4;
    const current = this.epochs[slot] ?? -1;
    const same = current === epoch;
    const previous = current === epoch - 1;
    into[base] = same ? (this.accounts[from] ?? 0) : 0;
    into[base + 1] = same ? (this.accounts[from + 1] ?? 0) : 0;
    into[base + 2] = same
      ? (this.accounts[from + 2] ?? 0)
      : previous
        ? (this.accounts[from] ?? 0)
        : 0;
    into[base + 3] = same
      ? (this.accounts[from + 3] ?? 0)
      : previous
        ? (this.accounts[from + 1] ?? 0)
        : 0;
  }

  /** An established account used the key in `slot` (see `touch`). */
  usedByEstablished(slot: number): boolean {
    return this.established[slot] === 1;
  }

  groupOf(slot: number): number {
    return (this.groups[slot] ?? 0) - 1;
  }

  /** The group of `key`, or -1 if it has none or is not indexed; read-only. */
  groupOfKey(key: number): number {
    const bit = (key ^ (key / 4_294_967_296)) & (FILTER_BITS - 1);
    if (((this.clustered[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return NO_GROUP;
    const slot = this.find(key);
    if (slot >= 0) return this.groupOf(slot);
    const migration = this.migration;
    if (migration === undefined) return NO_GROUP;
    // Not moved yet by the compaction under way: its entry as it was before.
    const old = probeIn(migration.old.keys, this.mask, key);
    return old >= 0 && migration.old.keys[old] === key
      ? (migration.old.groups[old] ?? 0) - 1
      : NO_GROUP;
  }

  setGroup(slot: number, group: number): void {
    this.groups[slot] = group + 1;
    this.markClustered(this.keys[slot] ?? 0);
    this.migration?.kept.add(group);
  }

  private markClustered(key: number): void {
    const bit = (key ^ (key / 4_294_967_296)) & (FILTER_BITS - 1);
    this.clustered[bit >>> 5] = (this.clustered[bit >>> 5] ?? 0) | (1 << (bit & 31));
    const next = this.migration === undefined ? undefined : this.nextClustered;
    if (next !== undefined) next[bit >>> 5] = (next[bit >>> 5] ?? 0) | (1 << (bit & 31));
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
   * were all dropped. In one go: `beginCompact` and `compactStep` do the same work in slices.
   */
  compact(
    staleBefore: number,
    singletonBefore: number,
    keep: (group: number) => boolean,
  ): Set<number> {
    this.beginCompact(staleBefore, singletonBefore, keep);
    let released: Set<number> | undefined;
    while (released === undefined) released = this.compactStep(Number.POSITIVE_INFINITY);
    return released;
  }

  /** A compaction is under way (`beginCompact` called, `compactStep` not yet done). */
  get compacting(): boolean {
    return this.migration !== undefined;
  }

  /**
   * Starts a compaction that `compactStep` carries out a slice at a time, so that a large table
   * is never rehashed in one event-loop turn. In between, the table stays fully usable: new and
   * touched keys go to the new arrays (a key still waiting in the old ones is moved first, under
   * the same rule), lookups look in the new arrays, then the old. Each key is thus in exactly one
   * place, and its entry is whole either before or after its move: a reader never sees half a key.
   */
  beginCompact(
    staleBefore: number,
    singletonBefore: number,
    keep: (group: number) => boolean,
  ): void {
    if (this.migration !== undefined) return;
    const old = {
      keys: this.keys,
      lastSeen: this.lastSeen,
      accounts: this.accounts,
      epochs: this.epochs,
      groups: this.groups,
      established: this.established,
    };
    const spare = this.spare ?? {
      keys: new Float64Array(this.capacity),
      lastSeen: new Float64Array(this.capacity),
      accounts: new Uint32Array(this.capacity * 4),
      epochs: new Float64Array(this.capacity),
      groups: new Int32Array(this.capacity),
      established: new Uint8Array(this.capacity),
    };
    spare.keys.fill(0);
    spare.groups.fill(0);
    this.spare = undefined;
    this.keys = spare.keys;
    this.lastSeen = spare.lastSeen;
    this.accounts = spare.accounts;
    this.epochs = spare.epochs;
    this.groups = spare.groups;
    this.established = spare.established;
    this.size = 0;
    // The lookup filter stays the old superset (new marks are added to it too) until the end,
    // when it is replaced by the one built from the kept keys.
    const filter = (this.nextClustered ??= new Uint32Array(FILTER_BITS / 32));
    filter.fill(0);
    this.migration = {
      old,
      cursor: 0,
      staleBefore,
      singletonBefore,
      keep,
      released: new Set<number>(),
      kept: new Set<number>(),
    };
  }

  /**
   * Moves up to `slots` slots of the old arrays; returns the clusters whose keys were all dropped
   * once the compaction is done, undefined while slots remain.
   */
  compactStep(slots: number): Set<number> | undefined {
    const migration = this.migration;
    if (migration === undefined) return new Set<number>();
    const length = migration.old.keys.length;
    const end = Math.min(length, migration.cursor + slots);
    for (let old = migration.cursor; old < end; old++) this.migrate(migration, old);
    migration.cursor = end;
    if (end < length) return undefined;
    this.migration = undefined;
    this.spare = migration.old;
    this.clustered.set(this.nextClustered as Uint32Array);
    for (const group of migration.kept) migration.released.delete(group);
    return migration.released;
  }

  /** Moves the old slot's key (if any, and if it is not dropped); returns its new slot or -1. */
  private migrate(migration: Migration, old: number): number {
    const { keys, lastSeen, accounts, epochs, groups, established } = migration.old;
    const key = keys[old] ?? 0;
    if (key === 0 || Number.isNaN(key)) return -1;
    // A tombstone (NaN never matches a key, and is not an empty slot): probing goes on past it.
    keys[old] = Number.NaN;
    const group = (groups[old] ?? 0) - 1;
    const seen = lastSeen[old] ?? 0;
    const base = old * 4;
    // One account has used it: its sketch has a single bit set (estimate ≈ 1.008).
    const unshared = countSketch(accounts, base) < 1.5;
    const pinned = group !== NO_GROUP && migration.keep(group);
    const stale =
      seen < migration.staleBefore ||
      (unshared && group === NO_GROUP && seen < migration.singletonBefore);
    if (stale && !pinned) {
      if (group !== NO_GROUP) {
        migration.released.add(group);
        this.onDropGroup?.(group);
      }
      return -1;
    }
    const slot = this.insert(key, this.probe(key));
    if (slot < 0) {
      // Refused by the full table: lost like a dropped key (its cluster keeps its id unused).
      if (group !== NO_GROUP) this.onDropGroup?.(group);
      return -1;
    }
    this.lastSeen[slot] = seen;
    const to = slot * 4;
    for (let i = 0; i < 4; i++) this.accounts[to + i] = accounts[base + i] ?? 0;
    this.epochs[slot] = epochs[old] ?? -1;
    this.groups[slot] = group + 1;
    this.established[slot] = established[old] ?? 0;
    if (group !== NO_GROUP) {
      migration.kept.add(group);
      this.markClustered(key);
    }
    return slot;
  }
}

interface Tables {
  keys: Float64Array;
  lastSeen: Float64Array;
  accounts: Uint32Array;
  epochs: Float64Array;
  groups: Int32Array;
  established: Uint8Array;
}

/** A compaction under way: the old arrays, how far they have been moved, and the rule. */
interface Migration {
  readonly old: Tables;
  cursor: number;
  readonly staleBefore: number;
  readonly singletonBefore: number;
  readonly keep: (group: number) => boolean;
  readonly released: Set<number>;
  readonly kept: Set<number>;
}

/** Linear probing in `keys`: the slot holding `key`, or the empty slot where it would go; -1. */
function probeIn(keys: Float64Array, mask: number, key: number): number {
  let slot = (key ^ (key / 4_294_967_296)) & mask;
  for (let probe = 0; probe < 64; probe++) {
    const found = keys[slot];
    if (found === key || found === 0) return slot;
    slot = (slot + 1) & mask;
  }
  return -1;
}
