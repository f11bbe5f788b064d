/**
 * A Map of per-key summaries with a fixed capacity, for streaming reports over logs of any size
 * (review, backtest): when it is full, the lower-ranked half is dropped and counted, so memory is
 * bounded and the report can say how much it forgot. A key dropped and seen again starts over;
 * entries created after the first prune are marked, so a reader knows their counts may be partial.
 */

export interface Tracked {
  /** Created after entries were first dropped: earlier requests of this key may be missing. */
  partial: boolean;
}

export class BoundedTable<V extends Tracked> {
  private readonly map = new Map<string, V>();
  private readonly capacity: number;
  private readonly create: (key: string) => V;
  private readonly rank: (value: V) => number;
  /** Entries dropped to stay within capacity. */
  dropped = 0;

  /** `create` gets the key as a string of its own (see ownString), safe to keep. */
  constructor(capacity: number, create: (key: string) => V, rank: (value: V) => number) {
    this.capacity = capacity;
    this.create = create;
    this.rank = rank;
  }

  get size(): number {
    return this.map.size;
  }

  /** The entry for `key`, created when absent. */
  get(key: string): V {
    const found = this.map.get(key);
    if (found !== undefined) return found;
    if (this.map.size >= this.capacity) this.prune();
    // The key may be a slice of a whole log line: keep a copy of its own, not the line.
    const owned = ownString(key);
    const created = this.create(owned);
    created.partial = this.dropped > 0;
    this.map.set(owned, created);
    return created;
  }

  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  /**
   * Another table's entries (a parallel reader's): merged into ours by `merge` when we hold the
   * key, added within our capacity when we do not; its dropped entries count as ours.
   */
  absorb(entries: Iterable<[string, V]>, dropped: number, merge: (into: V, from: V) => void): void {
    for (const [key, value] of entries) {
      const own = this.map.get(key);
      if (own !== undefined) {
        merge(own, value);
        continue;
      }
      if (this.map.size >= this.capacity) this.prune();
      this.map.set(key, value);
    }
    this.dropped += dropped;
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  /** The first `count` entries in `compare` order, without sorting the whole table. */
  top(count: number, compare: (a: V, b: V) => number): V[] {
    return firstInOrder(this.map.values(), count, compare);
  }

  private prune(): void {
    const ranked = [...this.map.entries()].sort((a, b) => this.rank(a[1]) - this.rank(b[1]));
    const drop = Math.max(1, Math.floor(ranked.length / 2));
    for (let i = 0; i < drop; i++) this.map.delete((ranked[i] as [string, V])[0]);
    this.dropped += drop;
  }
}

/**
 * A copy of a string that shares no memory with the string it came from. V8 represents a slice
 * of 13 characters or more as a view of its parent: an account id sliced from a log line would
 * keep the whole line alive for as long as a table holds the id.
 */
export function ownString(value: string): string {
  return value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8');
}

/**
 * Canonical copies of low-cardinality strings (tiers, rules, factor names): one owned copy each,
 * shared by every table entry. Past `capacity` distinct values it stops remembering and only
 * copies.
 */
export class Interner {
  private readonly map = new Map<string, string>();
  private readonly capacity: number;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  get(value: string): string;
  get(value: string | null): string | null;
  get(value: string | null): string | null {
    if (value === null) return null;
    const found = this.map.get(value);
    if (found !== undefined) return found;
    const owned = ownString(value);
    if (this.map.size < this.capacity) this.map.set(owned, owned);
    return owned;
  }
}

/** Adds 1 to `key` in a small count map holding at most `max` keys (others are not counted). */
export function countInto(map: Map<string, number>, key: string, max: number): void {
  const count = map.get(key);
  if (count !== undefined) map.set(key, count + 1);
  else if (map.size < max) map.set(key, 1);
}

/** Adds another count map's counts into `map` (new keys while it holds fewer than `max`). */
export function addCountsInto(
  map: Map<string, number>,
  from: ReadonlyMap<string, number>,
  max: number,
): void {
  for (const [key, n] of from) {
    const count = map.get(key);
    if (count !== undefined) map.set(key, count + n);
    else if (map.size < max) map.set(key, n);
  }
}

/** The `count` largest entries of a count map, largest first. */
export function topCounts(
  map: ReadonlyMap<string, number>,
  count: number,
): { readonly name: string; readonly count: number }[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([name, n]) => ({ name, count: n }));
}

/**
 * The first `count` items of `items` in `compare` order: one pass keeping a sorted list of at most
 * `count` (binary insertion), O(n log count) instead of sorting everything.
 */
export function firstInOrder<T>(
  items: Iterable<T>,
  count: number,
  compare: (a: T, b: T) => number,
): T[] {
  const kept: T[] = [];
  if (count <= 0) return kept;
  for (const item of items) {
    if (kept.length === count && compare(item, kept[count - 1] as T) >= 0) continue;
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(item, kept[middle] as T) < 0) high = middle;
      else low = middle + 1;
    }
    kept.splice(low, 0, item);
    if (kept.length > count) kept.pop();
  }
  return kept;
}
