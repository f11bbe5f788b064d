/**
 * Fixed-size places of unboxed doubles carved from shared chunks: per-account state that would
 * otherwise be a typed array or an array of its own — an object (and, for a typed array, an
 * ArrayBuffer) per account, and one more dependent cache miss before the first double is read.
 * Its holder keeps the chunk (one of ~100 for 100,000 accounts, which stays cached) and its
 * offset in it.
 *
 * Two users (engine.ts): an account's scoring state (`Tracked.states`: the family activations,
 * the inherited risk's inputs, the timing ticks, three hashes), read on every request, where the
 * array of its own was two dependent misses after the account's object (the JSArray, then its
 * FixedDoubleArray) and a place here is one (RESULTS.md, "Where the scoring p99 comes from");
 * and account windows, which window-slab.ts carves as views of places.
 *
 * A place is given back when its holder is evicted from the LRU that holds it (the accounts', or
 * the end users' for their own slab: the only places either leaves), and the next newcomer takes
 * it, emptied by its new holder. Chunks are never freed.
 */

/** Places a chunk holds: 1,024 (an account's state, 21 doubles: ~170 KB a chunk). */
const PER_CHUNK = 1024;

export class Slab {
  private readonly size: number;
  private readonly perChunk: number;
  private readonly chunks: Float64Array[] = [];
  /** Places carved in all (held, or given back); the next carved is this one. */
  private carved = 0;
  /** Places given back, to be taken before carving more. */
  private readonly free: number[] = [];

  /** `size`: doubles per place. */
  constructor(size: number, perChunk = PER_CHUNK) {
    if (!(size >= 1) || !(perChunk >= 1))
      throw new RangeError(`a slab needs size and perChunk >= 1 (got ${size}, ${perChunk})`);
    this.size = size;
    this.perChunk = perChunk;
  }

  /**
   * A place (its number), a given-back one first. Its contents are whatever its last holder
   * left: the new holder sets every double.
   */
  take(): number {
    const place = this.free.pop();
    if (place !== undefined) return place;
    if (this.carved === this.chunks.length * this.perChunk)
      this.chunks.push(new Float64Array(this.perChunk * this.size));
    return this.carved++;
  }

  /** The chunk that holds `place`. */
  chunkOf(place: number): Float64Array {
    const chunk = this.chunks[Math.floor(place / this.perChunk)];
    if (chunk === undefined) throw new RangeError(`no place ${place}`);
    return chunk;
  }

  /** Where `place` starts in its chunk. */
  offsetOf(place: number): number {
    return (place % this.perChunk) * this.size;
  }

  /** Gives `place` (one `take` returned) back; its holder must not use it again. */
  release(place: number): void {
    this.free.push(place);
  }

  /** Places carved in all (held, or given back). */
  get places(): number {
    return this.carved;
  }

  /** Places given back and not taken again. */
  get spare(): number {
    return this.free.length;
  }
}
