/**
 * The detector's tracked-state caches (accounts, and platforms' end users): a Map bounded to
 * `max` entries that forgets the least recently used first, with the recency list threaded
 * through the entries themselves. Scoring reads an account's state on every request: here that
 * is one Map lookup that yields the entry itself, where a general-purpose LRU (lru-cache) looks
 * an index up and then reads the entry from a side array — one more cache miss on the decision
 * path — and allocates an options object per call. Recency is only kept by `get` and `add`
 * (`observe`); `peek` (`score`) reads without changing anything.
 */

/** An entry's place in the recency list (fields of the entry: no allocation per entry). */
export interface RecencyLinks<K, V> {
  /** Its key (to forget it when it is evicted). */
  readonly key: K;
  /** The entry used just before it, and just after (undefined at either end). */
  older: V | undefined;
  newer: V | undefined;
}

export class RecencyMap<K, V extends RecencyLinks<K, V>> {
  private readonly map = new Map<K, V>();
  private readonly max: number;
  private newest: V | undefined = undefined;
  private oldest: V | undefined = undefined;

  constructor(max: number) {
    if (!(max >= 1)) throw new RangeError(`a recency map holds at least 1 entry (got ${max})`);
    this.max = max;
  }

  get size(): number {
    return this.map.size;
  }

  /** The entry, without making it the most recently used. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** The entry, made the most recently used. */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry !== undefined) this.touch(entry);
    return entry;
  }

  /** Makes an entry held here (found by `peek`, or by a caller's own reference) the most recent. */
  touch(entry: V): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    this.pushNewest(entry);
  }

  /**
   * Adds an entry under its key, which must not be held (callers `get` first), as the most
   * recently used; forgets the least recently used when full, and returns it (callers that keep
   * references to entries drop theirs).
   */
  add(entry: V): V | undefined {
    if (this.map.has(entry.key)) throw new Error('recency map: key already held');
    let evicted: V | undefined;
    if (this.map.size >= this.max && this.oldest !== undefined) {
      evicted = this.oldest;
      this.unlink(evicted);
      this.map.delete(evicted.key);
    }
    this.map.set(entry.key, entry);
    this.pushNewest(entry);
    return evicted;
  }

  /** Keys from the least to the most recently used (tests, diagnostics). */
  *keys(): IterableIterator<K> {
    for (let entry = this.oldest; entry !== undefined; entry = entry.newer) yield entry.key;
  }

  private unlink(entry: V): void {
    const { older, newer } = entry;
    if (older === undefined) this.oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.newest = older;
    else newer.older = older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  private pushNewest(entry: V): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest === undefined) this.oldest = entry;
    else this.newest.newer = entry;
    this.newest = entry;
  }
}
